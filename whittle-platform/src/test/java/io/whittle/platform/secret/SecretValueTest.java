package io.whittle.platform.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretValueTest {
    private static final String PLAIN = "ghp_canary0123456789";

    @Test
    void printsAsMaskEverywhere() {
        SecretValue v = SecretValue.of(PLAIN);
        assertThat(v.toString()).isEqualTo("****");
        assertThat(String.valueOf(Map.of("token", v))).doesNotContain(PLAIN).contains("****");
        assertThat(String.format("%s", v)).isEqualTo("****");
        assertThat(v.reveal()).isEqualTo(PLAIN);
    }

    @Test
    void jacksonFindsNothingToWrite() {
        ObjectMapper mapper = new ObjectMapper().configure(
                com.fasterxml.jackson.databind.SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
        String json;
        try {
            json = mapper.writeValueAsString(Map.of("token", SecretValue.of(PLAIN)));
        } catch (Exception e) {
            json = String.valueOf(e.getMessage());
        }
        assertThat(json).doesNotContain(PLAIN);
    }

    @Test
    void emptyMeansKeep() {
        assertThat(SecretValue.of("")).isSameAs(SecretValue.EMPTY);
        assertThat(SecretValue.EMPTY.isEmpty()).isTrue();
        assertThat(SecretValue.of("x").isEmpty()).isFalse();
    }

    @Test
    void equalityByContent() {
        assertThat(SecretValue.of("a")).isEqualTo(SecretValue.of("a")).isNotEqualTo(SecretValue.of("b"));
        assertThat(SecretValue.of("a").hashCode()).isEqualTo(SecretValue.of("b").hashCode());
    }
}
