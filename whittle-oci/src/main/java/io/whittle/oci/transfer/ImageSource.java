package io.whittle.oci.transfer;

import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.oci.Manifest;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where images are read from, bound to one place: one repository of a registry, or one OCI layout
 * directory. Regclient calls this a scheme; a registry and a layout directory are its two backends.
 */
public interface ImageSource {

    /** A name for messages, e.g. {@code 127.0.0.1:5000/team/app} or {@code oci:/tmp/app}. */
    String describe();

    /**
     * The manifest named by a tag or a digest string, with its original bytes. A manifest fetched by digest
     * has been verified against it.
     *
     * @throws io.whittle.oci.AccessException with {@link io.whittle.oci.Failure#NOT_FOUND} when there is none
     */
    Manifest manifest(String tagOrDigest) throws IOException;

    /** Opens a blob that a manifest of this source references; the stream verifies digest and size. */
    InputStream openBlob(Descriptor blob) throws IOException;

    /**
     * The manifest a descriptor names (a child of an index, a subject), fetched by digest and checked against
     * the descriptor, digest in its own algorithm and size, whatever checks the source made.
     *
     * @throws AccessException with {@link Failure#CORRUPT} when the bytes do not match
     */
    default Manifest manifest(Descriptor descriptor) throws IOException {
        Manifest m = manifest(descriptor.digest().toString());
        byte[] raw = m.raw();
        Digest actual = Digest.of(descriptor.digest().algorithm(), raw);
        if (!actual.equals(descriptor.digest()) || raw.length != descriptor.size()) {
            throw new AccessException(Failure.CORRUPT, "read manifest", descriptor.digest().toString(), "the manifest "
                    + descriptor.digest() + " from " + describe() + " does not match its descriptor (it hashes to "
                    + actual + " and has " + raw.length + " bytes, not " + descriptor.size() + "): the source is corrupt");
        }
        return m;
    }
}
