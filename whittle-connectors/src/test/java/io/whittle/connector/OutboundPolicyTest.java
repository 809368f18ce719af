package io.whittle.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.connector.ecr.EcrProvider;
import io.whittle.connector.generic.GenericProvider;
import io.whittle.connector.github.GitHubProvider;
import io.whittle.connector.http.RestClient;
import io.whittle.oci.Failure;
import io.whittle.platform.secret.SecretValue;
import io.whittle.registry.RetryPolicy;
import io.whittle.registry.Timeouts;
import io.whittle.registry.net.OutboundPolicy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/** Under the server policy, connectors pointed at internal addresses are refused, SDK calls included. */
class OutboundPolicyTest {
    @Test
    void theServerPolicyRefusesInternalDestinationsForEveryKindOfCall() throws Exception {
        OutboundPolicy policy = OutboundPolicy.server(List.of());
        try (RestClient rest = RestClient.create(policy, Timeouts.defaults(), RetryPolicy.none(), "whittle-test")) {
            ProviderContext ctx = new ProviderContext(rest, policy, Timeouts.defaults(), RetryPolicy.none(),
                    "whittle-test", Clock.systemUTC());
            FieldValues generic = FieldValues.of(Map.of("registry", "127.0.0.1:5000", "username", "u"),
                    Map.of("password", SecretValue.of("p")));
            try (Connection c = new GenericProvider().connect(generic, ctx)) {
                assertThatThrownBy(c::check).isInstanceOfSatisfying(ConnectorCheckException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.BLOCKED);
                    assertThat(e.field()).contains("registry");
                });
            }
            FieldValues gh = FieldValues.of(Map.of("username", "octo", "registry", "ghcr.io", "apiUrl",
                    "http://127.0.0.1:9"), Map.of("token", SecretValue.of("ghp_x")));
            try (Connection c = new GitHubProvider().connect(gh, ctx)) {
                assertThatThrownBy(() -> c.repositories(java.util.Optional.empty(), 10))
                        .isInstanceOfSatisfying(io.whittle.oci.AccessException.class,
                                e -> assertThat(e.failure()).isEqualTo(Failure.BLOCKED));
            }
            FieldValues aws = FieldValues.of(Map.of("region", "us-east-1", "authMethod", "keys", "accessKeyId",
                    "AKIAAAAAAAAAAAAAAAAA", "apiUrl", "http://169.254.169.254"),
                    Map.of("secretAccessKey", SecretValue.of("s")));
            try (Connection c = new EcrProvider(AnonymousCredentialsProvider.create()).connect(aws, ctx)) {
                assertThatThrownBy(c::credential).isInstanceOfSatisfying(io.whittle.oci.AccessException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.BLOCKED));
            }
        }
    }
}
