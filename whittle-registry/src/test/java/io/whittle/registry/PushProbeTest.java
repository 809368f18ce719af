package io.whittle.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.registry.auth.Credential;
import io.whittle.registry.auth.Keychain;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.TokenIssuer;
import io.whittle.testkit.TokenIssuer.Grant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RegistryRepository#canPush()} tells read-write from read-only credentials and leaves nothing behind. */
class PushProbeTest {
    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.token(TokenIssuer.Config.defaults()
            .withUser("writer", "writer-probe-pw", Grant.repository("*", "pull", "push", "delete"))
            .withUser("pusher", "pusher-probe-pw", Grant.repository("*", "pull", "push"))
            .withUser("reader", "reader-probe-pw", Grant.repository("*", "pull")));

    static ImageFactory factory;

    @BeforeAll
    static void seed() {
        factory = ImageFactory.temporary();
        factory.smallImage(ImageFormat.OCI, "probe").push(REGISTRY.url(), "team/app", "v1",
                REGISTRY.credentials());
    }

    @AfterAll
    static void clean() {
        factory.close();
    }

    private static RegistryClient client(Credential c) {
        Keychain k = host -> host.equals(REGISTRY.hostPort()) ? c : Credential.ANONYMOUS;
        return RegistryClient.builder().keychain(k).retries(TestSupport.fastRetries()).build();
    }

    @Test
    void writeAccessIsFoundWithoutWritingAnything() throws Exception {
        List<Path> before = files(REGISTRY.server().storageDir());
        try (RegistryClient c = client(new Credential.Basic("writer", "writer-probe-pw"))) {
            assertThat(c.repository(REGISTRY.hostPort(), "team/app").canPush()).isTrue();
        }
        List<Path> added = files(REGISTRY.server().storageDir()).stream().filter(p -> !before.contains(p)).toList();
        // The cancelled session is gone; distribution 2.8 still saves the hash state of the empty upload when it
        // closes the cancelled writer, a file of the digest state with no content in it, which we allow.
        assertThat(added).as("no blob, link or upload data left behind")
                .allSatisfy(p -> assertThat(p.toString()).contains("/_uploads/").contains("/hashstates/"));
        List<String> uploads = REGISTRY.issuer().requests().stream().flatMap(r -> r.scopes().stream())
                .filter(s -> s.contains("push")).toList();
        assertThat(uploads).as("the probe asked for push access").isNotEmpty();
    }

    @Test
    void pushWithoutDeleteIsStillWriteAccess() throws Exception {
        // The registry will not cancel the session without delete access; the probe's answer stands all the same.
        try (RegistryClient c = client(new Credential.Basic("pusher", "pusher-probe-pw"))) {
            assertThat(c.repository(REGISTRY.hostPort(), "team/app").canPush()).isTrue();
        }
    }

    @Test
    void readOnlyAndAnonymousCredentialsCannotPush() throws Exception {
        try (RegistryClient c = client(new Credential.Basic("reader", "reader-probe-pw"))) {
            assertThat(c.repository(REGISTRY.hostPort(), "team/app").canPush()).isFalse();
            // ... and may still read.
            assertThat(c.repository(REGISTRY.hostPort(), "team/app").tags()).containsExactly("v1");
        }
        try (RegistryClient c = client(Credential.ANONYMOUS)) {
            assertThat(c.repository(REGISTRY.hostPort(), "team/app").canPush()).isFalse();
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
