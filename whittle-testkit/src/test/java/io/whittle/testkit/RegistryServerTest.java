package io.whittle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RegistryServerTest {

    @RegisterExtension
    static final RegistryExtension OPEN = RegistryExtension.noAuth();

    @RegisterExtension
    static final RegistryExtension BASIC = RegistryExtension.basic("alice", "secret").onHost("127.0.0.2");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void noAuthRegistryAnswersV2WithoutCredentials() throws Exception {
        assertThat(OPEN.mode()).isEqualTo(AuthMode.NONE);
        assertThat(OPEN.url()).startsWith("http://127.0.0.1:");
        assertThat(get(OPEN.url() + "/v2/", null).statusCode()).isEqualTo(200);
        assertThat(OPEN.credentials()).isEmpty();
        assertThat(OPEN.server().storageDir()).isDirectory();
    }

    @Test
    void basicRegistryDemandsTheRightPassword() throws Exception {
        assertThat(BASIC.url()).startsWith("http://127.0.0.2:");
        HttpResponse<String> anonymous = get(BASIC.url() + "/v2/", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Basic realm="));
        assertThat(get(BASIC.url() + "/v2/", Credentials.of("alice", "wrong").basicAuthorization()).statusCode())
                .isEqualTo(401);
        assertThat(get(BASIC.url() + "/v2/", BASIC.credentials().orElseThrow().basicAuthorization()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void stopKillsTheProcessAndDeletesTheStorage() throws Exception {
        RegistryServer server = RegistryServer.builder().basic("bob", "pw").user("carol", "pw2").start();
        assertThat(server.users()).extracting(Credentials::username).containsExactly("bob", "carol");
        assertThat(get(server.url() + "/v2/", Credentials.of("carol", "pw2").basicAuthorization()).statusCode())
                .isEqualTo(200);
        var storage = server.storageDir();
        long pid = server.pid();
        server.stop();
        assertThat(server.isRunning()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Files.exists(storage)).isFalse();
        assertThatThrownBy(() -> get(server.url() + "/v2/", null)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aTakenPortIsReportedBeforeStarting() {
        // Two registries on the same fixed port: the second cannot bind and must say why.
        int port = OPEN.server().port();
        assertThatThrownBy(() -> RegistryServer.builder().port(port).start())
                .isInstanceOf(TestkitException.class)
                .hasMessageContaining("already in use");
    }

    @Test
    void aRegistryThatExitsAtStartFailsWithTheReasonFromItsLog() {
        assertThatThrownBy(() -> RegistryServer.builder().allowManifestUrls("(").start())
                .isInstanceOf(TestkitException.class)
                .hasMessageContaining("docker-registry exited")
                .hasMessageContaining("error parsing regexp");
    }

    @Test
    void missingPeerIsReportedInOneLineWithThePackage() {
        assertThatThrownBy(() -> Peers.require("no-such-tool-whittle", "no-such-package"))
                .isInstanceOf(TestkitException.class)
                .hasMessage("no-such-tool-whittle is not installed: run 'apt-get install no-such-package'");
        assertThat(Peers.require(Peers.DOCKER_REGISTRY, "docker-registry")).isExecutable();
    }

    @Test
    void nonLoopbackHostsAreRefused() {
        assertThatThrownBy(() -> RegistryServer.builder().host("8.8.8.8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a loopback address");
    }
}
