package io.whittle.platform.connector;

import io.whittle.platform.db.Database;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.org.OrganizationStore;
import io.whittle.platform.secret.KeySource;
import io.whittle.platform.secret.Keyring;
import io.whittle.platform.secret.SecretCipher;
import io.whittle.platform.secret.SecretValue;
import io.whittle.platform.testing.TestDatabase;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;

/** The store, the secret reader and the organizations over one test database. */
final class Stores {
    static final SecureRandom RANDOM = new SecureRandom();

    final Database db;
    final SecretCipher cipher;
    final ConnectorStore store;
    final StoredSecretReader reader;
    final OrganizationStore orgs;

    Stores(TestDatabase t, KeySource keys, ConnectorIdGenerator ids) {
        this.db = t.database();
        this.cipher = new SecretCipher(keys);
        this.store = new ConnectorStore(db, cipher, Clock.systemUTC(), ids);
        this.reader = new StoredSecretReader(db, cipher);
        this.orgs = new OrganizationStore(db, Clock.systemUTC());
    }

    static Stores on(TestDatabase t) {
        return new Stores(t, Keyring.generate(RANDOM), ConnectorIdGenerator.secure());
    }

    OrganizationId newOrg() {
        String slug = "org-" + HexFormat.of().formatHex(new byte[] {(byte) RANDOM.nextInt(), (byte) RANDOM.nextInt(),
                (byte) RANDOM.nextInt(), (byte) RANDOM.nextInt()});
        return orgs.create(slug, "Org " + slug).id();
    }

    /** A GitHub-like draft: username as a setting, a PAT as the secret. */
    static ConnectorDraft ghcr(String name, String token) {
        return ConnectorDraft.of("ghcr", name, "ghcr.io", Map.of("username", "octo"),
                Map.of("token", SecretValue.of(token)), ConnectorState.unverified());
    }

    /** A generic registry: URL and plain-http switch decide where credentials go. */
    static ConnectorDraft generic(String name, String host, String password) {
        return ConnectorDraft.of("generic", name, host,
                Map.of("url", "https://" + host, "username", "robot", "insecure", "false"),
                Map.of("password", SecretValue.of(password)), ConnectorState.unverified());
    }
}
