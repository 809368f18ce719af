package io.whittle.connector.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Digest;
import io.whittle.oci.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiJsonTest {
    private static final String SHA = "sha256:" + "ab".repeat(32);

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void readsWhatIsThereAndLeavesTheRestEmpty() throws Exception {
        JsonNode n = json("{\"t\": \"2025-03-01T12:00:00Z\", \"d\": \"" + SHA + "\", \"n\": 42, \"s\": \"1234\","
                + " \"empty\": \"\", \"bad\": \"yesterday\", \"neg\": \"-1\", \"huge\": \"99999999999999999999\"}");
        assertThat(ApiJson.instant(n.path("t"))).contains(Instant.parse("2025-03-01T12:00:00Z"));
        assertThat(ApiJson.instant(n.path("bad"))).isEmpty();
        assertThat(ApiJson.instant(n.path("missing"))).isEmpty();
        assertThat(ApiJson.digest(n.path("d"))).contains(Digest.parse(SHA));
        assertThat(ApiJson.digest(n.path("bad"))).isEmpty();
        assertThat(ApiJson.number(n.path("n"))).hasValue(42);
        assertThat(ApiJson.number(n.path("s"))).hasValue(1234);
        assertThat(ApiJson.number(n.path("neg"))).isEmpty();
        assertThat(ApiJson.number(n.path("huge"))).isEmpty();
        assertThat(ApiJson.number(n.path("missing"))).isEmpty();
        assertThat(ApiJson.text(n.path("empty"))).isEmpty();
        assertThat(ApiJson.text(n.path("n"))).isEmpty();
        assertThat(ApiJson.text(n.path("bad"))).contains("yesterday");
    }
}
