package io.whittle.platform.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.whittle.platform.db.DatabaseConfig;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.secret.KeyFile;
import io.whittle.platform.secret.SecretValue;
import io.whittle.platform.testing.SecretScan;
import io.whittle.platform.testing.DatabaseTest;
import io.whittle.platform.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * A unique canary secret goes through every store operation; afterwards it must not be found in plain
 * text in the database (the H2 file's bytes, every PostgreSQL row as text), in any message, toString or
 * stack trace, or in what the pool and Flyway logged. A marker stored in a non-secret field must be found
 * by the same scans, which shows that each scan can see stored text.
 */
class CanaryTest {
    private final String canary = "canary-" + hex(12);
    private final String jsonCanary = "json-canary-" + hex(12);
    private final String marker = "marker-" + hex(12);

    @TempDir
    Path keyDir;

    @DatabaseTest
    void theCanarySecretIsNowhereInPlainText(TestDatabase t) throws Exception {
        List<String> texts = new ArrayList<>();
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        PrintStream tee = new PrintStream(logs, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        System.setOut(tee);
        try {
            exercise(t, texts);
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertThat(logged).as("the log capture works").contains("whittle-" + t.kind().name().toLowerCase());
        texts.add(logged);

        for (String text : texts) {
            assertThat(text).doesNotContain(canary).doesNotContain(jsonCanary);
        }
        if (t.kind() == DatabaseConfig.Kind.H2) {
            t.closeDatabase();
            SecretScan.assertFilesLack(t.dataDir().orElseThrow(), List.of(canary, jsonCanary), marker);
        } else {
            SecretScan.assertPostgresLacks(t.toString(), List.of(canary, jsonCanary), marker, "connectors",
                    "connector_secrets", "organizations", "users");
        }
    }

    private void exercise(TestDatabase t, List<String> texts) throws Exception {
        KeyFile keys = KeyFile.inDataDir(keyDir);
        Stores s = new Stores(t, keys, ConnectorIdGenerator.secure());
        OrganizationId org = s.newOrg();
        OrganizationId other = s.newOrg();
        String serviceAccount = "{\n  \"type\": \"service_account\",\n  \"private_key\": \"" + jsonCanary + "\"\n}";

        ConnectorDraft draft = ConnectorDraft.of("generic", "registry " + marker, "registry.example.com",
                Map.of("url", "https://registry.example.com", "note", marker),
                Map.of("password", SecretValue.of(canary), "key", SecretValue.of(serviceAccount)),
                ConnectorState.unverified());
        texts.add(draft.toString());
        texts.add(String.valueOf(draft.secrets()));
        texts.add(SecretValue.of(canary).toString());
        texts.add(serialized(draft));

        Connector c = s.store.create(org, draft);
        texts.add(c.toString());
        assertThat(s.reader.secrets(org, c.id()).get("password").reveal()).as("the canary was stored").isEqualTo(canary);
        texts.add(s.reader.secrets(org, c.id()).toString());

        ConnectorEdit edit = ConnectorEdit.of(c).withSecret("password", SecretValue.of(canary + "-2"));
        texts.add(edit.toString());
        Connector edited = s.store.update(org, c.id(), edit);
        texts.add(edited.toString());
        texts.add(s.store.list(org, PageRequest.first(10)).toString());
        texts.add(s.store.findByHost(org, "registry.example.com").toString());

        // Every refusal the store makes along the way.
        texts.add(trace(catchThrowable(() -> s.store.update(org, c.id(), edit))));            // stale version
        texts.add(trace(catchThrowable(() -> s.store.update(org, c.id(),
                ConnectorEdit.of(edited).withRegistryHost("registry.example.com.evil.net")))));  // secret required
        texts.add(trace(catchThrowable(() -> s.store.create(org, draft))));                   // duplicate name
        texts.add(trace(catchThrowable(() -> s.reader.secrets(other, c.id()))));              // other tenant
        texts.add(trace(catchThrowable(() -> ConnectorDraft.of("generic", "x", "registry.example.com",
                Map.of("password", "x"), Map.of("password", SecretValue.of(canary)), ConnectorState.unverified()))));
        String sealed = StoredSecretReaderTest.ciphertext(s, org, c.id(), "password");
        // Two characters that differ from the last two, whatever those are (an unchanged text would not throw).
        String tampered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("AA") ? "BB" : "AA");
        StoredSecretReaderTest.setCiphertext(s, org, c.id(), "password", tampered);
        texts.add(trace(catchThrowable(() -> s.reader.secrets(org, c.id()))));               // tampered
        StoredSecretReaderTest.setCiphertext(s, org, c.id(), "password", sealed);

        // Rotation rewrites every ciphertext; a deleted connector leaves old pages behind in H2.
        texts.add(new SecretKeyRotation(s.db).rotate(keys).toString());
        assertThat(s.reader.secrets(org, c.id()).get("key").reveal()).isEqualTo(serviceAccount);
        Connector doomed = s.store.create(other, Stores.ghcr("doomed " + marker, canary));
        s.store.delete(other, doomed.id());
    }

    private static String serialized(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (Exception e) {
            return trace(e);
        }
    }

    private static String trace(Throwable e) {
        assertThat(e).isNotNull();
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        Stores.RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
