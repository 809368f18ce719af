package io.whittle.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.oci.AccessException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigKeychainTest {
    @TempDir
    Path dir;

    private Path config(String json) throws Exception {
        Path f = dir.resolve("config.json");
        Files.writeString(f, json);
        return f;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A fake docker-credential-NAME that records its stdin and answers from a table keyed by server URL. */
    private Path helper(String name, String body) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = bin.resolve("docker-credential-" + name);
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = get ] || exit 3\nread server\necho \"$server\" >> '"
                + dir.resolve(name + ".log") + "'\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void readsBase64AuthAndMatchesDockerHubAliases() throws Exception {
        Path f = config("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("alice:pa:ss") + "\"},"
                + "\"127.0.0.1:5000\":{\"username\":\"bob\",\"password\":\"hunter2\"}}}");
        DockerConfigKeychain k = DockerConfigKeychain.of(f, List.of());
        assertThat(k.resolve("docker.io")).isEqualTo(new Credential.Basic("alice", "pa:ss"));
        assertThat(k.resolve("index.docker.io")).isEqualTo(new Credential.Basic("alice", "pa:ss"));
        assertThat(k.resolve("127.0.0.1:5000")).isEqualTo(new Credential.Basic("bob", "hunter2"));
        assertThat(k.resolve("127.0.0.1:5001")).isEqualTo(Credential.ANONYMOUS);
        assertThat(k.resolve("127.0.0.1")).isEqualTo(Credential.ANONYMOUS);
    }

    @Test
    void matchesHostsExactlyNeverByPrefix() throws Exception {
        Path f = config("{\"auths\":{\"registry.example.com\":{\"auth\":\"" + b64("u:p") + "\"},"
                + "\"https://ghcr.io\":{\"auth\":\"" + b64("g:h") + "\"}}}");
        DockerConfigKeychain k = DockerConfigKeychain.of(f, List.of());
        assertThat(k.resolve("registry.example.com.evil.net")).isEqualTo(Credential.ANONYMOUS);
        assertThat(k.resolve("evil.registry.example.com")).isEqualTo(Credential.ANONYMOUS);
        assertThat(k.resolve("ghrc.io")).isEqualTo(Credential.ANONYMOUS);
        assertThat(k.resolve("ghcr.io")).isEqualTo(new Credential.Basic("g", "h"));
        assertThat(k.resolve("REGISTRY.example.com")).isEqualTo(new Credential.Basic("u", "p"));
    }

    @Test
    void readsIdentityAndRegistryTokens() throws Exception {
        Path f = config("{\"auths\":{\"a.example\":{\"auth\":\"" + b64("<token>:x") + "\",\"identitytoken\":\"rt-1\"},"
                + "\"b.example\":{\"registrytoken\":\"bearer-2\"}}}");
        DockerConfigKeychain k = DockerConfigKeychain.of(f, List.of());
        assertThat(k.resolve("a.example")).isEqualTo(new Credential.IdentityToken("rt-1"));
        assertThat(k.resolve("b.example")).isEqualTo(new Credential.RegistryToken("bearer-2"));
    }

    @Test
    void runsThePerRegistryHelperWithTheServerOnStdin() throws Exception {
        Path bin = helper("fake", "case \"$server\" in\n"
                + "  reg.example) echo '{\"ServerURL\":\"reg.example\",\"Username\":\"carol\",\"Secret\":\"c-secret\"}';;\n"
                + "  https://index.docker.io/v1/) echo '{\"Username\":\"<token>\",\"Secret\":\"refresh-me\"}';;\n"
                + "  *) echo 'credentials not found in native keychain'; exit 1;;\nesac\n");
        Path f = config("{\"auths\":{\"reg.example\":{\"auth\":\"" + b64("ignored:x") + "\"}},"
                + "\"credHelpers\":{\"reg.example\":\"fake\",\"docker.io\":\"fake\",\"other.example\":\"fake\"}}");
        DockerConfigKeychain k = DockerConfigKeychain.of(f, List.of(bin));
        assertThat(k.resolve("reg.example")).isEqualTo(new Credential.Basic("carol", "c-secret"));
        assertThat(k.resolve("docker.io")).isEqualTo(new Credential.IdentityToken("refresh-me"));
        assertThat(k.resolve("other.example")).isEqualTo(Credential.ANONYMOUS);
        assertThat(Files.readAllLines(dir.resolve("fake.log")))
                .containsExactly("reg.example", "https://index.docker.io/v1/", "other.example");
        // answers are cached: a second question does not run the helper again
        k.resolve("reg.example");
        assertThat(Files.readAllLines(dir.resolve("fake.log"))).hasSize(3);
    }

    @Test
    void fallsBackToTheCredsStoreAfterInlineAuths() throws Exception {
        Path bin = helper("store", "echo '{\"Username\":\"dave\",\"Secret\":\"d-secret\"}'\n");
        Path f = config("{\"auths\":{\"inline.example\":{\"auth\":\"" + b64("eve:e") + "\"},\"marker.example\":{}},"
                + "\"credsStore\":\"store\"}");
        DockerConfigKeychain k = DockerConfigKeychain.of(f, List.of(bin));
        assertThat(k.resolve("inline.example")).isEqualTo(new Credential.Basic("eve", "e"));
        assertThat(k.resolve("marker.example")).isEqualTo(new Credential.Basic("dave", "d-secret"));
        assertThat(k.resolve("unlisted.example")).isEqualTo(new Credential.Basic("dave", "d-secret"));
    }

    @Test
    void aFailingHelperIsReportedWithoutItsOutput() throws Exception {
        Path bin = helper("broken", "echo 'secret-canary-123'; exit 7\n");
        Path f = config("{\"credHelpers\":{\"x.example\":\"broken\"}}");
        DockerConfigKeychain k = DockerConfigKeychain.of(f, List.of(bin));
        assertThatThrownBy(() -> k.resolve("x.example")).isInstanceOf(AccessException.class)
                .hasMessageContaining("docker-credential-broken").hasMessageContaining("exit status 7")
                .hasMessageNotContaining("secret-canary-123");
    }

    @Test
    void aMissingHelperOrAStrangeHelperNameFailsClearly() throws Exception {
        Path f = config("{\"credHelpers\":{\"x.example\":\"nothere\",\"y.example\":\"../../bin/sh\"}}");
        DockerConfigKeychain k = DockerConfigKeychain.of(f, List.of(dir));
        assertThatThrownBy(() -> k.resolve("x.example")).hasMessageContaining("not on the PATH");
        assertThatThrownBy(() -> k.resolve("y.example")).hasMessageContaining("not a plain name");
    }

    @Test
    void aMissingConfigMeansAnonymousAndABrokenOneFailsClearly() throws Exception {
        assertThat(DockerConfigKeychain.of(dir.resolve("none.json"), List.of()).resolve("x")).isEqualTo(Credential.ANONYMOUS);
        Path f = config("{not json");
        assertThatThrownBy(() -> DockerConfigKeychain.of(f, List.of()).resolve("x"))
                .hasMessageContaining("not valid JSON");
        Path g = config("{\"auths\":{\"x\":{\"auth\":\"%%%\"}}}");
        assertThatThrownBy(() -> DockerConfigKeychain.of(g, List.of()).resolve("x"))
                .hasMessageContaining("base64");
    }

    @Test
    void secretsNeverShowInToString() {
        assertThat(new Credential.Basic("alice", "canary-s3cret").toString()).doesNotContain("canary-s3cret")
                .contains("alice");
        assertThat(new Credential.IdentityToken("canary-rt").toString()).doesNotContain("canary-rt");
        assertThat(new Credential.RegistryToken("canary-bt").toString()).doesNotContain("canary-bt");
    }

    @Test
    void aChainTakesTheFirstRealAnswer() throws Exception {
        Keychain none = host -> Credential.ANONYMOUS;
        Keychain a = host -> host.equals("a") ? new Credential.Basic("u1", "p1") : Credential.ANONYMOUS;
        Keychain b = host -> new Credential.Basic("u2", "p2");
        Keychain chain = Keychain.chain(none, a, b);
        assertThat(chain.resolve("a")).isEqualTo(new Credential.Basic("u1", "p1"));
        assertThat(chain.resolve("z")).isEqualTo(new Credential.Basic("u2", "p2"));
        assertThat(Keychain.chain(none, Keychain.ANONYMOUS).resolve("a")).isEqualTo(Credential.ANONYMOUS);
    }
}
