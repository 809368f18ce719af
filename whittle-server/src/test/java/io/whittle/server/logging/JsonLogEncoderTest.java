package io.whittle.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.server.http.Json;
import io.whittle.server.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class JsonLogEncoderTest {
    private static final Logger LOG = LoggerFactory.getLogger(JsonLogEncoderTest.class);

    @Test
    void writesOneRedactedJsonObjectPerLine() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            MDC.put("requestId", "abc123");
            try {
                LOG.atWarn().addKeyValue("password", "kv-secret-value").addKeyValue("route", "/x")
                        .log("signing in with password={} and\nnew line", "msg-secret-value");
                LOG.error("failed", new IllegalStateException("boom with wht_AAAAAAAAAAAAAAAAAAAA"));
            } finally {
                MDC.clear();
            }
            assertThat(log.lines()).hasSize(2);
            JsonNode first = Json.mapper().readTree(log.lines().get(0));
            assertThat(first.get("level").asText()).isEqualTo("WARN");
            assertThat(first.get("logger").asText()).isEqualTo(JsonLogEncoderTest.class.getName());
            assertThat(first.get("requestId").asText()).isEqualTo("abc123");
            assertThat(first.get("route").asText()).isEqualTo("/x");
            assertThat(first.get("msg").asText()).isEqualTo("signing in with password=**** and\nnew line");
            assertThat(first.get("password").asText()).isEqualTo("****");
            JsonNode second = Json.mapper().readTree(log.lines().get(1));
            assertThat(second.get("error").get("type").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(second.get("error").get("message").asText()).isEqualTo("boom with wht_****");
            assertThat(second.get("error").get("stack").asText()).contains("JsonLogEncoderTest");
            assertThat(log.text()).doesNotContain("secret-value").doesNotContain("AAAAAAAAAAAAAAAAAAAA");
        }
    }
}
