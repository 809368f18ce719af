package io.whittle.xray.tar;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Wraps the blob the caller owns: remembers a failure of the blob itself (network, digest check) so that it
 * reaches the caller as is rather than as a corrupt layer, and ignores close (the caller closes the blob).
 */
final class SourceTap extends FilterInputStream {
    private Exception failure;
    private boolean ended;

    SourceTap(InputStream in) {
        super(in);
    }

    Exception failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (IOException | RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = in.read(b, off, len);
            ended |= n < 0;
            return n;
        } catch (IOException | RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return in.skip(n);
        } catch (IOException | RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    /**
     * Never 0 before the end: a GZIPInputStream of Java 21 looks for a further gzip member only when the source
     * says more bytes are available, and network or verifying streams say 0.
     */
    @Override
    public int available() throws IOException {
        int n = in.available();
        return n > 0 || ended ? n : 1;
    }

    @Override
    public void close() {
        // the caller owns the blob
    }
}
