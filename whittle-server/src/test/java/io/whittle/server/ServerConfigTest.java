package io.whittle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.platform.db.DatabaseConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
    @Test
    void defaultsAreLoopbackPort8080AndTheEmbeddedDatabase() {
        ServerConfig c = ServerConfig.fromEnvironment(Map.of("HOME", "/home/ann"));
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(c.dataDir()).isEqualTo(Path.of("/home/ann/.local/share/whittle"));
        assertThat(c.database().kind()).isEqualTo(DatabaseConfig.Kind.H2);
        assertThat(c.outboundAllowList()).isEmpty();
        assertThat(c.secureCookies()).isFalse();
        assertThat(c.initialAdmin()).isEmpty();
    }

    @Test
    void theEnvironmentConfiguresATeamServer() {
        ServerConfig c = ServerConfig.fromEnvironment(Map.ofEntries(
                Map.entry("WHITTLE_PORT", "9090"), Map.entry("WHITTLE_BIND", "0.0.0.0"),
                Map.entry("WHITTLE_DATA_DIR", "/srv/whittle"),
                Map.entry("WHITTLE_DATABASE_URL", "jdbc:postgresql://db:5432/whittle"),
                Map.entry("WHITTLE_DATABASE_USER", "whittle"), Map.entry("WHITTLE_DATABASE_PASSWORD", "db-pass-canary"),
                Map.entry("WHITTLE_OUTBOUND_ALLOW", "registry.internal, 10.1.0.0/16"),
                Map.entry("WHITTLE_PUBLIC_URL", "https://whittle.example.com/"), Map.entry("WHITTLE_JOB_THREADS", "8"),
                Map.entry("WHITTLE_ADMIN_USER", "root"), Map.entry("WHITTLE_ADMIN_PASSWORD", "admin-pass-canary")));
        assertThat(c.port()).isEqualTo(9090);
        assertThat(c.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(c.dataDir()).isEqualTo(Path.of("/srv/whittle"));
        assertThat(c.database().kind()).isEqualTo(DatabaseConfig.Kind.POSTGRESQL);
        assertThat(c.database().maxPoolSize()).isGreaterThanOrEqualTo(14);
        assertThat(c.outboundAllowList()).containsExactly("registry.internal", "10.1.0.0/16");
        assertThat(c.publicUrl()).contains(URI.create("https://whittle.example.com"));
        assertThat(c.secureCookies()).isTrue();
        assertThat(c.jobThreads()).isEqualTo(8);
        assertThat(c.initialAdmin().orElseThrow().username()).isEqualTo("root");
        assertThat(c.toString()).doesNotContain("db-pass-canary").doesNotContain("admin-pass-canary");
    }

    @Test
    void mistakesAreOneSentence() {
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("WHITTLE_PORT", "eighty")))
                .hasMessageContaining("WHITTLE_PORT");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("WHITTLE_ADMIN_USER", "root")))
                .hasMessageContaining("both");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("WHITTLE_PUBLIC_URL", "ftp://x")))
                .hasMessageContaining("http");
        assertThatThrownBy(() -> ServerConfig.defaults(Path.of("/tmp/x")).withPort(70000))
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> ServerConfig.defaults(Path.of("/tmp/x")).withDatabase("jdbc:mysql://x/y",
                java.util.Optional.empty(), java.util.Optional.empty()).database())
                .hasMessageContaining("not supported");
        assertThat(ServerConfig.defaults(Path.of("/tmp/x")).withOutboundAllowList(List.of("127.0.0.1"))
                .outboundAllowList()).containsExactly("127.0.0.1");
    }
}
