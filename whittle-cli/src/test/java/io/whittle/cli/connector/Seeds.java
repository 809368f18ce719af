package io.whittle.cli.connector;

import io.whittle.oci.Digest;
import io.whittle.oci.layout.OciLayout;
import io.whittle.oci.transfer.ImageCopier;
import io.whittle.registry.RegistryClient;
import io.whittle.registry.auth.Credential;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.TestImage;
import io.whittle.testkit.TokenIssuer.Access;
import io.whittle.testkit.emulator.RegistryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Small test images: put straight into an emulator's registry (as the provider's UI would), or written as layouts. */
final class Seeds {
    static final ImageFactory FACTORY = ImageFactory.temporary();
    /** Where layouts are written; removed, with the factory's images, when the test JVM ends. */
    private static final Path LAYOUTS = layoutsDirectory();

    private Seeds() {
    }

    static TestImage image(String marker) {
        return FACTORY.smallImage(ImageFormat.OCI, marker);
    }

    /** Pushes the image of {@code marker} into the registry behind an emulator; answers its digest. */
    static Digest push(RegistryBackend backend, String repository, String tag, String marker) throws IOException {
        String token = backend.mint("seed", List.of(Access.repository(repository, "pull", "push")),
                Duration.ofMinutes(5));
        String host = backend.registry().hostPort();
        TestImage image = image(marker);
        try (RegistryClient client = RegistryClient.builder()
                .keychain(h -> h.equals(host) ? new Credential.RegistryToken(token) : Credential.ANONYMOUS).build()) {
            new ImageCopier().copy(OciLayout.open(layout(marker)), "v", client.repository(host, repository),
                    Optional.of(tag));
        }
        return image.digest();
    }

    /** {@code oci:DIR:v}: an OCI layout holding the image of {@code marker}, for {@code whittle copy} to push. */
    static String layoutReference(String marker) {
        return "oci:" + layout(marker) + ":v";
    }

    private static Path layout(String marker) {
        try {
            Path dir = Files.createTempDirectory(LAYOUTS, "image-");
            image(marker).writeLayout(dir, "v");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path layoutsDirectory() {
        try {
            Path dir = Files.createTempDirectory("whittle-cli-connector-layouts-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                FACTORY.close();
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // a temporary directory: the system cleans it up in the end
                }
            }));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
