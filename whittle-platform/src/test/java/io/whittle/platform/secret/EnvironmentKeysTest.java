package io.whittle.platform.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentKeysTest {
    private static final String KEY1 = Base64.getEncoder().encodeToString(bytes(1));
    private static final String KEY2 = Base64.getEncoder().encodeToString(bytes(2));

    @TempDir
    Path tmp;

    @Test
    void oneKeyIsVersionOne() {
        assertThat(EnvironmentKeys.parse(KEY1).keyring().versions()).containsExactly(1);
    }

    @Test
    void aListGivesVersionsAndTheHighestEncrypts() {
        Keyring k = EnvironmentKeys.parse("1:" + KEY1 + ", 2:" + KEY2).keyring();
        assertThat(k.versions()).containsExactly(1, 2);
        assertThat(k.newestVersion()).isEqualTo(2);
        SecretContext ctx = new SecretContext("t", "o", "f");
        String sealed = new SecretCipher(k).seal(ctx, SecretValue.of("v"));
        assertThat(sealed).startsWith("v2:");
        assertThat(new SecretCipher(EnvironmentKeys.parse("2:" + KEY2)).open(ctx, sealed).reveal()).isEqualTo("v");
    }

    @Test
    void badValuesAreRefusedWithoutRepeatingThem() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> EnvironmentKeys.parse("not base64 at all!"))
                .isInstanceOf(KeyException.class).hasMessageContaining("openssl rand -base64 32")
                .message().doesNotContain("not base64 at all");
        assertThatThrownBy(() -> EnvironmentKeys.parse(shortKey))
                .isInstanceOf(KeyException.class).hasMessageContaining("exactly 32 bytes")
                .message().doesNotContain(shortKey);
        assertThatThrownBy(() -> EnvironmentKeys.parse("1:" + KEY1 + ",1:" + KEY2))
                .isInstanceOf(KeyException.class).hasMessageContaining("twice")
                .message().doesNotContain(KEY1);
    }

    @Test
    void theEnvironmentWinsOverTheKeyFile() {
        assertThat(KeySources.forDataDir(tmp, Map.of(EnvironmentKeys.VARIABLE, KEY1)))
                .isInstanceOf(EnvironmentKeys.class);
        assertThat(Files.exists(tmp.resolve(KeyFile.NAME))).isFalse();
        KeySource file = KeySources.forDataDir(tmp, Map.of(EnvironmentKeys.VARIABLE, " "));
        assertThat(file).isInstanceOf(KeyFile.class);
        file.keyring();
        assertThat(Files.exists(tmp.resolve(KeyFile.NAME))).isTrue();
    }

    @Test
    void printsNoKeyMaterial() {
        assertThat(EnvironmentKeys.parse(KEY1).toString()).doesNotContain(KEY1);
        assertThat(EnvironmentKeys.parse(KEY1).keyring().toString()).isEqualTo("Keyring[versions=[1]]");
    }

    private static byte[] bytes(int seed) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }
}
