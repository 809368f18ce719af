package io.whittle.connector;

import io.whittle.oci.Digest;
import io.whittle.registry.RegistryClient;
import io.whittle.registry.auth.Credential;
import io.whittle.testkit.TokenIssuer.Access;
import io.whittle.testkit.emulator.RegistryBackend;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Puts images straight into an emulator's registry (behind its front), as the provider's own UI would have. */
final class Seed {
    private Seed() {
    }

    static Digest push(RegistryBackend backend, String repository, String tag, String marker) throws IOException {
        String token = backend.mint("seed", List.of(Access.repository(repository, "pull", "push")),
                Duration.ofMinutes(5));
        String host = backend.registry().hostPort();
        try (RegistryClient client = RegistryClient.builder()
                .keychain(h -> h.equals(host) ? new Credential.RegistryToken(token) : Credential.ANONYMOUS).build()) {
            return Images.push(client, host, repository, tag, marker);
        }
    }
}
