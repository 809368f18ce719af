package io.whittle.testkit;

import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Layer;
import io.whittle.oci.VerifyingInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A layer blob the {@link ImageFactory} wrote: its descriptor, the digest of its uncompressed tar and the file
 * holding it.
 *
 * @param uncompressedSize the size of the tar before compression
 * @param file             the blob in the factory's content-addressed store; treat it as read-only
 */
public record TestLayer(Descriptor descriptor, Digest diffId, long uncompressedSize, Path file) implements Layer {
    public TestLayer {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(file, "file");
    }

    /** Opens the blob as stored, verified against its digest and size while read. */
    @Override
    public InputStream open() throws IOException {
        return new VerifyingInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16),
                descriptor.digest(), descriptor.size());
    }
}
