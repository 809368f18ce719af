package io.whittle.oci.image;

import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.DigestMismatchException;
import io.whittle.oci.Failure;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

/** Reading small blobs (configs, manifests) whole, bounded and checked. */
final class Blobs {
    /** Larger configs exist only as attacks; real ones are kilobytes. */
    static final long CONFIG_MAX = 32L << 20;

    private Blobs() {
    }

    /** The bytes of a small blob from a stream, checked against its descriptor whatever the stream did. */
    static byte[] read(Descriptor d, InputStream in, long max, String what) throws IOException {
        if (d.size() > max) {
            throw new AccessException(Failure.INVALID, "read " + what, d.digest().toString(), "the " + what + " "
                    + d.digest() + " is " + d.size() + " bytes, more than the " + max + " allowed: it is not a real "
                    + what);
        }
        byte[] bytes;
        try (in) {
            bytes = in.readNBytes((int) d.size() + 1);
        }
        check(d, bytes, what);
        return bytes;
    }

    /** Embedded data of a descriptor, when present, checked against it. */
    static Optional<byte[]> embedded(Descriptor d, String what) throws IOException {
        if (d.data().isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = d.data().get();
        check(d, bytes, what);
        return Optional.of(bytes);
    }

    static void check(Descriptor d, byte[] bytes, String what) throws DigestMismatchException {
        if (bytes.length != d.size()) {
            throw new DigestMismatchException("the " + what + " " + d.digest() + " is " + bytes.length
                    + " bytes, but its descriptor states " + d.size());
        }
        Digest actual = Digest.of(d.digest().algorithm(), bytes);
        if (!actual.equals(d.digest())) {
            throw new DigestMismatchException("the " + what + " " + d.digest() + " has the wrong content: its bytes"
                    + " hash to " + actual);
        }
    }

    static byte[] copyOf(byte[] b) {
        return Arrays.copyOf(b, b.length);
    }
}
