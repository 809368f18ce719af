package io.whittle.oci.transfer;

import io.whittle.oci.Descriptor;
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
}
