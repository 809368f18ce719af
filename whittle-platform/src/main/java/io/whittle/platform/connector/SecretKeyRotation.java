package io.whittle.platform.connector;

import io.whittle.platform.db.Database;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.secret.KeyFile;
import io.whittle.platform.secret.KeySource;
import io.whittle.platform.secret.Keyring;
import io.whittle.platform.secret.SecretCipher;
import io.whittle.platform.secret.SecretContext;
import io.whittle.platform.secret.SecretDecryptionException;
import io.whittle.platform.secret.SecretValue;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Moves every stored secret to a new key and retires the old ones.
 *
 * <p>With a key file the steps are ordered so that a crash at any point leaves everything readable: (1) a
 * new key version is added to the file next to the old ones; (2) one transaction re-encrypts every stored
 * secret, of every organization, under it; (3) only when no stored secret uses an older version any more
 * are the older keys removed from the file. Run it while no other process writes connectors with a keyring
 * it loaded before step 1; a secret such a process writes under an old key keeps that key in the file, and
 * the next rotation picks it up.
 */
public final class SecretKeyRotation {
    private final Database db;
    private final SecureRandom random;

    public SecretKeyRotation(Database db) {
        this(db, new SecureRandom());
    }

    public SecretKeyRotation(Database db, SecureRandom random) {
        this.db = Objects.requireNonNull(db, "db");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Adds a new key to {@code file}, re-encrypts every secret under it, then removes the older keys. */
    public RotationResult rotate(KeyFile file) {
        Keyring next = file.keyring().withNewKey(random);
        file.save(next);
        int count = reencryptAll(next);
        SortedSet<Integer> old = new TreeSet<>(next.versions());
        old.remove(next.newestVersion());
        if (usage().keySet().stream().allMatch(v -> v == next.newestVersion())) {
            file.save(next.newestOnly());
            return new RotationResult(next.newestVersion(), count, old, new TreeSet<>());
        }
        return new RotationResult(next.newestVersion(), count, new TreeSet<>(), new TreeSet<>());
    }

    /**
     * Re-encrypts every secret under the newest key of {@code keys} (for keys given in the environment, where
     * the operator adds the new version), and reports which older versions no secret uses any more.
     */
    public RotationResult reencrypt(KeySource keys) {
        Keyring keyring = keys.keyring();
        int count = reencryptAll(keyring);
        SortedSet<Integer> unused = new TreeSet<>(keyring.versions());
        unused.removeAll(usage().keySet());
        unused.remove(keyring.newestVersion());
        return new RotationResult(keyring.newestVersion(), count, new TreeSet<>(), unused);
    }

    /** How many stored secrets each key version encrypts (all organizations). */
    public SortedMap<Integer, Long> usage() {
        return db.inTransaction(c -> {
            SortedMap<Integer, Long> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT ciphertext FROM connector_secrets");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OptionalInt v = SecretCipher.keyVersion(rs.getString(1));
                    out.merge(v.orElse(0), 1L, Long::sum);
                }
            }
            return out;
        });
    }

    private record Stored(UUID org, String connector, String field, String ciphertext) {
        SecretContext context() {
            return new SecretContext(new OrganizationId(org).toString(), connector, field);
        }
    }

    /** One transaction: a secret that does not decrypt stops the rotation with nothing changed. */
    private int reencryptAll(Keyring keyring) {
        SecretCipher cipher = new SecretCipher(keyring, random);
        int newest = keyring.newestVersion();
        return db.inTransaction(c -> {
            List<Stored> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT organization_id, connector_id, field, ciphertext "
                    + "FROM connector_secrets ORDER BY organization_id, connector_id, field FOR UPDATE");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Stored(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            int count = 0;
            try (PreparedStatement update = c.prepareStatement("UPDATE connector_secrets SET ciphertext = ? "
                    + "WHERE organization_id = ? AND connector_id = ? AND field = ?")) {
                for (Stored row : rows) {
                    if (SecretCipher.keyVersion(row.ciphertext()).orElse(0) == newest) {
                        continue;
                    }
                    SecretValue plain;
                    try {
                        plain = cipher.open(row.context(), row.ciphertext());
                    } catch (SecretDecryptionException e) {
                        throw new SecretDecryptionException(e.reason(), "Key rotation stopped and changed no "
                                + "stored secret: " + e.getMessage());
                    }
                    update.setString(1, cipher.seal(row.context(), plain));
                    update.setObject(2, row.org());
                    update.setString(3, row.connector());
                    update.setString(4, row.field());
                    update.executeUpdate();
                    count++;
                }
            }
            return count;
        });
    }
}
