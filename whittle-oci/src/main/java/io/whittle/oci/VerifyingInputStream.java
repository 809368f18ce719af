package io.whittle.oci;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes bytes as they pass and fails the read that goes past the expected size, or the read that reaches
 * end of stream with a short body or a different digest. Nothing is handed on unchecked at the end.
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final Digest expected;
    private final long expectedSize;
    private final MessageDigest hasher;
    private long count;
    private boolean verified;

    /** @param expectedSize the exact size, or -1 when unknown (then only the digest is checked) */
    public VerifyingInputStream(InputStream in, Digest expected, long expectedSize) {
        super(in);
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.hasher = expected.algorithm().newHasher();
    }

    /** Continues a verification that already hashed {@code alreadyRead} bytes (a resumed download). */
    public VerifyingInputStream(InputStream in, Digest expected, long expectedSize, MessageDigest hasher, long alreadyRead) {
        super(in);
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.hasher = hasher;
        this.count = alreadyRead;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            finish();
            return -1;
        }
        count += n;
        if (expectedSize >= 0 && count > expectedSize) {
            throw new DigestMismatchException("blob " + expected + " is longer than the " + expectedSize
                    + " bytes its descriptor states");
        }
        hasher.update(b, off, n);
        return n;
    }

    private void finish() throws DigestMismatchException {
        if (verified) {
            return;
        }
        if (expectedSize >= 0 && count != expectedSize) {
            throw new DigestMismatchException("blob " + expected + " ended after " + count + " bytes, but its descriptor"
                    + " states " + expectedSize);
        }
        Digest actual = Digest.fromHasher(expected.algorithm(), hasher);
        if (!actual.equals(expected)) {
            throw new DigestMismatchException("blob " + expected + " has the wrong content: its bytes hash to " + actual);
        }
        verified = true;
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    /** True once end of stream was reached with the right size and digest. */
    public boolean verified() {
        return verified;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        long left = n;
        while (left > 0) {
            int r = read(buf, 0, (int) Math.min(left, buf.length));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - left;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
