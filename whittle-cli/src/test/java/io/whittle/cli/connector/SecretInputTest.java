package io.whittle.cli.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.cli.UsageException;
import io.whittle.connector.generic.GenericProvider;
import io.whittle.connector.google.GoogleProvider;
import io.whittle.platform.secret.SecretValue;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where secrets come from, and that no message about them repeats one. */
class SecretInputTest {
    private static final Map<String, String> GENERIC = Map.of("registry", "registry.example.com", "username", "u");

    @TempDir
    Path temp;

    private static InputStream stdin(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void oneLineSecretsLoseTheirLineBreakMultiLineOnesStayExact() throws Exception {
        SortedMap<String, SecretValue> one = new SecretInput(new GenericProvider()).read(GENERIC,
                Optional.of("password"), Map.of(), stdin("s3cret-value\r\n"), Optional.empty(), true);
        assertThat(one.get("password").reveal()).isEqualTo("s3cret-value");

        String key = "{\n  \"type\": \"service_account\"\n}\n";
        Path file = Files.writeString(temp.resolve("key.json"), key);
        SortedMap<String, SecretValue> multi = new SecretInput(new GoogleProvider()).read(Map.of("registry",
                "gcr.io"), Optional.empty(), Map.of("key", file.toString()), stdin(""), Optional.empty(), true);
        assertThat(multi.get("key").reveal()).isEqualTo(key);
    }

    @Test
    void aMissingSecretIsAskedForOnTheTerminalOnly() throws Exception {
        List<char[]> handedOut = new ArrayList<>();
        SecretPrompt prompt = label -> {
            char[] typed = "typed-secret".toCharArray();
            handedOut.add(typed);
            return typed;
        };
        SortedMap<String, SecretValue> asked = new SecretInput(new GenericProvider()).read(GENERIC, Optional.empty(),
                Map.of(), stdin(""), Optional.of(prompt), true);
        assertThat(asked.get("password").reveal()).isEqualTo("typed-secret");
        assertThat(new String(handedOut.getFirst())).as("the typed characters are wiped").isEqualTo("\0".repeat(12));

        assertThatThrownBy(() -> new SecretInput(new GenericProvider()).read(GENERIC, Optional.empty(), Map.of(),
                stdin(""), Optional.empty(), true)).isInstanceOf(UsageException.class)
                .hasMessage("Password or token ('password') is needed: pipe it in with --secret-stdin password or"
                        + " give a file with --secret-file password=PATH");
        // An edit keeps the stored secret when none is given.
        assertThat(new SecretInput(new GenericProvider()).read(GENERIC, Optional.empty(), Map.of(), stdin(""),
                Optional.empty(), false)).isEmpty();
        // A several-line key is never typed at a prompt.
        assertThatThrownBy(() -> new SecretInput(new GoogleProvider()).read(Map.of("registry", "gcr.io"),
                Optional.empty(), Map.of(), stdin(""), Optional.of(prompt), true))
                .hasMessageContaining("several lines").hasMessageContaining("--secret-file key=PATH");
    }

    @Test
    void mistakesAreUsageErrorsThatNeverRepeatTheSecret() {
        SecretInput generic = new SecretInput(new GenericProvider());
        assertThatThrownBy(() -> generic.refuseSecretSettings(Map.of("password", "hunter2-canary")))
                .isInstanceOf(UsageException.class).hasMessageNotContaining("hunter2-canary")
                .hasMessageContaining("--secret-stdin password");
        assertThatThrownBy(() -> generic.read(GENERIC, Optional.of("username"), Map.of(), stdin("hunter2-canary"),
                Optional.empty(), true)).isInstanceOf(UsageException.class)
                .hasMessage("--secret-stdin names 'username', which is not a secret field of generic: its secret"
                        + " fields are password");
        assertThatThrownBy(() -> generic.read(GENERIC, Optional.of("password"), Map.of("password", "/x"),
                stdin("hunter2-canary"), Optional.empty(), true)).hasMessageContaining("given twice");
        assertThatThrownBy(() -> generic.read(GENERIC, Optional.of("password"), Map.of(), stdin("\n"),
                Optional.empty(), true)).hasMessageContaining("is empty");
        assertThatThrownBy(() -> generic.read(GENERIC, Optional.empty(), Map.of("password",
                temp.resolve("missing").toString()), stdin(""), Optional.empty(), true))
                .hasMessageContaining("does not exist");
    }
}
