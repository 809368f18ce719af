package io.whittle.platform.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SettingsJsonTest {

    @Test
    void settingsRoundTripAsAJsonObjectOfStrings() {
        SortedMap<String, String> settings = new TreeMap<>(Map.of("registry", "registry.example.com:5000",
                "caCertificate", "-----BEGIN CERTIFICATE-----\nMIIB\"quoted\"\\n\n-----END CERTIFICATE-----\n",
                "name", "Zoë's \u2603 registry", "empty", ""));
        String json = ConnectorRows.settingsToJson(settings);
        assertThat(json).startsWith("{\"caCertificate\":");
        assertThat(ConnectorRows.settingsFromJson(json)).isEqualTo(settings);
        assertThat(ConnectorRows.settingsFromJson("{}")).isEmpty();
        assertThat(ConnectorRows.settingsFromJson(" { \"a\" : \"b\" } ")).containsExactly(Map.entry("a", "b"));
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : new String[] {"", "[]", "{\"a\":1}", "{\"a\":null}", "{\"a\":{\"b\":\"c\"}}",
                "{\"a\":\"b\"} {}", "{\"a\":\"b\"", "\"text\""}) {
            assertThatThrownBy(() -> ConnectorRows.settingsFromJson(bad)).as(bad)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("The stored settings of a connector are not a JSON object of strings: restore the"
                            + " database from a backup.");
        }
    }
}
