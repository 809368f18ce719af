package io.whittle.xray.tar;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * One file's bytes as a visitor sees them: exactly the header's size, read straight from the tar parser (no
 * copy in between), with failures already translated; closing it does nothing, and it goes dead once the
 * visitor returns.
 */
final class EntryContent extends InputStream {
    private final TarArchiveInputStream tar;
    private final SourceTap source;
    private final TarGuard guard;
    private long remaining;
    private byte[] one;

    EntryContent(TarArchiveInputStream tar, long size, SourceTap source, TarGuard guard) {
        this.tar = tar;
        this.remaining = size;
        this.source = source;
        this.guard = guard;
    }

    /** The visitor has returned: later reads see the end. */
    void end() {
        remaining = 0;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int n;
        try {
            n = tar.read(b, off, (int) Math.min(len, remaining));
        } catch (IOException | RuntimeException e) {
            throw Failures.translate(e, source, guard);
        }
        if (n < 0) {
            throw new LayerException(LayerException.Kind.CORRUPT, "The layer's tar ends inside a file's content:"
                    + " the blob is truncated; pull the image again or rebuild it.");
        }
        remaining -= n;
        return n;
    }

    @Override
    public int read() throws IOException {
        if (one == null) {
            one = new byte[1];
        }
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int available() {
        return 0;
    }

    @Override
    public void close() {
        // the reader moves on to the next entry itself
    }
}
