package io.whittle.xray.tar;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Sits between the decompressor and the tar parser: hashes every uncompressed byte (the diffID), stops at the
 * layer size limit (a gzip bomb ends here), and while a header is being read bounds how many bytes that may take
 * (commons-compress reads PAX and GNU long-name records without a limit). Skips are reads, so nothing escapes
 * the hash.
 *
 * <p>Small reads (headers, padding, small files) are served from a read-ahead buffer, because each call into
 * the inflater costs about as much as a small file's content; large reads go straight to the decompressor, so
 * file contents are not copied.
 */
final class TarGuard extends InputStream {
    private static final int BUFFER = 1 << 16;
    /** Reads at least this big bypass the buffer once it is empty. */
    private static final int DIRECT = 8 << 10;

    private final InputStream in;
    private final MessageDigest hasher;
    private final long maxBytes;
    private final byte[] buffer = new byte[BUFFER];
    private int pos;
    private int limit;
    private final byte[] one = new byte[1];
    private byte[] scratch;
    private long total;
    /** Bytes a header may still take; negative while content is read. */
    private long headerBudget = -1;
    private long headerLimit;
    private LayerException tripped;

    TarGuard(InputStream in, MessageDigest hasher, long maxBytes) {
        this.in = in;
        this.hasher = hasher;
        this.maxBytes = maxBytes;
    }

    /** From now on reads belong to one entry's headers, which may take {@code budget} bytes in all. */
    void startHeader(long limit, long budget) {
        headerLimit = limit;
        headerBudget = budget;
    }

    void endHeader() {
        headerBudget = -1;
    }

    /** Uncompressed bytes read from the decompressor so far (all of them, once drained). */
    long total() {
        return total;
    }

    /** The limit this stream stopped at, if any; parsers may wrap the exception it threw. */
    LayerException tripped() {
        return tripped;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (tripped != null) {
            throw tripped;
        }
        if (len == 0) {
            return 0;
        }
        int n;
        if (pos < limit) {
            n = Math.min(len, limit - pos);
            System.arraycopy(buffer, pos, b, off, n);
            pos += n;
        } else if (len >= DIRECT) {
            n = in.read(b, off, len);
            if (n > 0) {
                ingest(b, off, n);
            }
        } else {
            int filled = in.read(buffer, 0, BUFFER);
            if (filled <= 0) {
                return filled;
            }
            ingest(buffer, 0, filled);
            limit = filled;
            n = Math.min(len, filled);
            System.arraycopy(buffer, 0, b, off, n);
            pos = n;
        }
        if (n > 0 && headerBudget >= 0) {
            headerBudget -= n;
            if (headerBudget < 0) {
                throw trip(new LayerException(LayerException.Kind.LIMIT, "A tar entry's PAX or GNU long-name headers"
                        + " take more than " + headerLimit + " bytes, the limit set by maxHeaderBytes: the layer is"
                        + " probably hostile; raise the limit only for an image you trust."));
            }
        }
        return n;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        if (scratch == null) {
            scratch = new byte[DIRECT];
        }
        long done = 0;
        while (done < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    /** Reads and hashes whatever is left, so the diffID covers the whole stream. */
    void drain(byte[] into) throws IOException {
        while (read(into, 0, into.length) >= 0) {
            // counted and hashed in read
        }
    }

    @Override
    public int available() {
        return limit - pos;
    }

    /** Bytes fresh from the decompressor: counted against the layer limit and hashed, exactly once. */
    private void ingest(byte[] b, int off, int n) throws LayerException {
        total += n;
        if (total > maxBytes) {
            throw trip(new LayerException(LayerException.Kind.LIMIT, "The layer holds more than " + maxBytes
                    + " uncompressed bytes, the limit set by maxLayerBytes: raise it only for an image you trust."));
        }
        hasher.update(b, off, n);
    }

    private LayerException trip(LayerException e) {
        tripped = e;
        return e;
    }
}
