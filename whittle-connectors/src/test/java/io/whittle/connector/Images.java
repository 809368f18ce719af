package io.whittle.connector;

import io.whittle.oci.Digest;
import io.whittle.oci.layout.OciLayout;
import io.whittle.oci.transfer.ImageCopier;
import io.whittle.registry.RegistryClient;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.TestImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Small test images, pushed with Whittle's own copier. */
final class Images {
    static final ImageFactory FACTORY = ImageFactory.temporary();

    private Images() {
    }

    static TestImage image(String marker) {
        return FACTORY.smallImage(ImageFormat.OCI, marker);
    }

    /** Copies a small image (by marker) to {@code registry/repository:tag} with {@code client}; answers its digest. */
    static Digest push(RegistryClient client, String registry, String repository, String tag, String marker)
            throws IOException {
        TestImage image = image(marker);
        Path dir;
        try {
            dir = Files.createTempDirectory("whittle-connector-image-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        image.writeLayout(dir, "v");
        OciLayout layout = OciLayout.open(dir);
        new ImageCopier().copy(layout, "v", client.repository(registry, repository), Optional.of(tag));
        return image.digest();
    }
}
