package io.whittle.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import io.whittle.registry.RetryPolicy;
import io.whittle.registry.Timeouts;
import io.whittle.registry.net.OutboundPolicy;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestClientTest {
    private static RestClient client(OutboundPolicy policy) {
        return RestClient.create(policy, Timeouts.defaults(), RetryPolicy.none(), "whittle-test");
    }

    @Test
    void metadataAndPrivateAddressesAreRefusedBeforeAnyRequest() throws Exception {
        try (RestClient cli = client(OutboundPolicy.cli());
             RestClient server = client(OutboundPolicy.server(List.of()))) {
            assertThatThrownBy(() -> cli.send(RestRequest.get("read", "x",
                    URI.create("http://169.254.169.254/latest"))))
                    .isInstanceOfSatisfying(AccessException.class,
                            e -> assertThat(e.failure()).isEqualTo(Failure.BLOCKED));
            assertThatThrownBy(() -> server.send(RestRequest.get("read", "x", URI.create("http://127.0.0.1:9/"))))
                    .isInstanceOfSatisfying(AccessException.class,
                            e -> assertThat(e.failure()).isEqualTo(Failure.BLOCKED));
            assertThatThrownBy(() -> server.send(RestRequest.get("read", "x", URI.create("http://localhost:9/"))))
                    .isInstanceOfSatisfying(AccessException.class,
                            e -> assertThat(e.failure()).isEqualTo(Failure.BLOCKED));
            assertThatThrownBy(() -> cli.send(RestRequest.get("read", "x", URI.create("https://u:p@example.com/"))))
                    .isInstanceOfSatisfying(AccessException.class,
                            e -> assertThat(e.failure()).isEqualTo(Failure.BLOCKED));
        }
    }
}
