package io.whittle.server.browser;

import io.whittle.oci.Digest;
import io.whittle.server.api.registry.ConnectorFixtures;
import io.whittle.testkit.Skopeo;
import io.whittle.testkit.TestImage;
import io.whittle.testkit.TokenIssuer.Access;
import io.whittle.testkit.ToolResult;
import io.whittle.testkit.emulator.RegistryBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.Assertions;

/**
 * Puts an image straight into a provider emulator's registry (behind its front, with a token minted by its backend),
 * as the provider's own UI would have: the browser tests then find it through the connector.
 */
final class EmulatorSeed {
    private EmulatorSeed() {
    }

    static Digest push(RegistryBackend backend, String repository, String tag, String marker) {
        TestImage image = ConnectorFixtures.image(marker);
        String token = backend.mint("seed", List.of(Access.repository(repository, "pull", "push")),
                Duration.ofMinutes(5));
        Path layout;
        try {
            layout = Files.createTempDirectory("whittle-seed-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            image.writeLayout(layout, tag);
            ToolResult r = Skopeo.create().run(List.of("--insecure-policy", "copy", "--quiet",
                    "--dest-tls-verify=false", "--dest-registry-token", token, "--preserve-digests",
                    "oci:" + layout + ":" + tag,
                    "docker://" + backend.registry().hostPort() + "/" + repository + ":" + tag));
            Assertions.assertThat(r.succeeded()).as("seeding %s:%s: %s", repository, tag, r.stderr()).isTrue();
            return image.digest();
        } finally {
            io.whittle.platform.testing.BothDatabases.deleteTree(layout);
        }
    }
}
