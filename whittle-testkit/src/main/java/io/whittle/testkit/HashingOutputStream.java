package io.whittle.testkit;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Hashes and counts the bytes written through it on their way to the stream below (which closing also closes): how a
 * layer's digest and diffID are taken while it is written. Public for the benchmarks, which write layers of their own.
 */
public final class HashingOutputStream extends FilterOutputStream {
    private final MessageDigest hash;
    private long count;

    public HashingOutputStream(OutputStream out, MessageDigest hash) {
        super(out);
        this.hash = hash;
    }

    /** The bytes written so far. */
    public long count() {
        return count;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        hash.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        hash.update(b, off, len);
        count += len;
    }
}
