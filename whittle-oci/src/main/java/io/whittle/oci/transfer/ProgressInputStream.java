package io.whittle.oci.transfer;

import io.whittle.oci.Descriptor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the bytes that pass and tells the listener in chunks, so a fast copy does not drown a display. */
final class ProgressInputStream extends FilterInputStream {
    static final long CHUNK = 256 << 10;

    private final Descriptor blob;
    private final CopyListener listener;
    private final AtomicLong total;
    private long unreported;

    ProgressInputStream(InputStream in, Descriptor blob, CopyListener listener, AtomicLong total) {
        super(in);
        this.blob = blob;
        this.listener = listener;
        this.total = total;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            passed(1);
        } else {
            flush();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            passed(n);
        } else if (n < 0) {
            flush();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = in.skip(n);
        if (s > 0) {
            passed(s);
        }
        return s;
    }

    private void passed(long n) {
        total.addAndGet(n);
        unreported += n;
        if (unreported >= CHUNK) {
            flush();
        }
    }

    private void flush() {
        if (unreported > 0) {
            long n = unreported;
            unreported = 0;
            listener.blobProgress(blob, n);
        }
    }

    @Override
    public void close() throws IOException {
        flush();
        super.close();
    }
}
