package io.whittle.platform.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.secret.EnvironmentKeys;
import io.whittle.platform.secret.KeyFile;
import io.whittle.platform.secret.Keyring;
import io.whittle.platform.secret.SecretCipher;
import io.whittle.platform.secret.SecretDecryptionException;
import io.whittle.platform.testing.DatabaseTest;
import io.whittle.platform.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.io.TempDir;

class SecretKeyRotationTest {

    @TempDir
    Path keys;

    @DatabaseTest
    void rotationReencryptsEverythingAndRetiresTheOldKey(TestDatabase t) {
        KeyFile file = KeyFile.inDataDir(keys);
        Keyring before = file.keyring();
        Stores s = new Stores(t, file, ConnectorIdGenerator.secure());
        OrganizationId a = s.newOrg();
        OrganizationId b = s.newOrg();
        Connector ca = s.store.create(a, Stores.ghcr("a", "ghp_a"));
        Connector cb = s.store.create(b, Stores.generic("b", "registry.example.com", "pw_b"));
        Connector cl = s.store.create(OrganizationId.LOCAL, Stores.ghcr("local", "ghp_local"));
        SecretKeyRotation rotation = new SecretKeyRotation(s.db);
        assertThat(rotation.usage()).containsExactly(Map.entry(1, 3L));

        RotationResult result = rotation.rotate(file);

        assertThat(result.keyVersion()).isEqualTo(2);
        assertThat(result.reencrypted()).isEqualTo(3);
        assertThat(result.retired()).containsExactly(1);
        assertThat(rotation.usage()).containsExactly(Map.entry(2, 3L));
        // The old key is gone from the file, which keeps its private mode.
        assertThat(file.keyring().versions()).containsExactly(2);
        assertThat(posixMode(file.path())).isEqualTo("rw-------");
        // Everything reads with the new key alone (the running store's cipher re-reads the file) ...
        StoredSecretReader fresh = new StoredSecretReader(s.db, new SecretCipher(KeyFile.inDataDir(keys)));
        assertThat(fresh.secrets(a, ca.id()).get("token").reveal()).isEqualTo("ghp_a");
        assertThat(fresh.secrets(b, cb.id()).get("password").reveal()).isEqualTo("pw_b");
        assertThat(s.reader.secrets(OrganizationId.LOCAL, cl.id()).get("token").reveal()).isEqualTo("ghp_local");
        // ... and nothing reads with the old one.
        StoredSecretReader old = new StoredSecretReader(s.db, new SecretCipher(before));
        assertThatThrownBy(() -> old.secrets(a, ca.id())).isInstanceOf(SecretDecryptionException.class)
                .hasMessageContaining("key version 2");
        // New secrets go under the new version.
        Connector after = s.store.create(a, Stores.ghcr("after", "ghp_after"));
        assertThat(rotation.usage()).containsExactly(Map.entry(2, 4L));
        assertThat(fresh.secrets(a, after.id()).get("token").reveal()).isEqualTo("ghp_after");
        // Rotating again moves on to version 3.
        assertThat(rotation.rotate(file).keyVersion()).isEqualTo(3);
        assertThat(fresh.secrets(b, cb.id()).get("password").reveal()).isEqualTo("pw_b");
    }

    @DatabaseTest
    void aSecretThatDoesNotDecryptStopsTheRotationWithNothingChanged(TestDatabase t) throws Exception {
        KeyFile file = KeyFile.inDataDir(keys);
        Stores s = new Stores(t, file, ConnectorIdGenerator.secure());
        OrganizationId org = s.newOrg();
        Connector good = s.store.create(org, Stores.ghcr("good", "ghp_good"));
        Connector bad = s.store.create(org, Stores.ghcr("bad", "ghp_bad"));
        String goodBefore = StoredSecretReaderTest.ciphertext(s, org, good.id(), "token");
        StoredSecretReaderTest.setCiphertext(s, org, bad.id(), "token",
                StoredSecretReaderTest.ciphertext(s, org, good.id(), "token"));

        SecretKeyRotation rotation = new SecretKeyRotation(s.db);
        assertThatThrownBy(() -> rotation.rotate(file))
                .isInstanceOf(SecretDecryptionException.class)
                .hasMessageStartingWith("Key rotation stopped and changed no stored secret")
                .hasMessageContaining("'token' of " + bad.id());

        assertThat(StoredSecretReaderTest.ciphertext(s, org, good.id(), "token")).isEqualTo(goodBefore);
        // The new key was added but the old one stays, so everything that read before still reads.
        assertThat(file.keyring().versions()).containsExactly(1, 2);
        assertThat(s.reader.secrets(org, good.id()).get("token").reveal()).isEqualTo("ghp_good");
    }

    @DatabaseTest
    void keysFromTheEnvironmentAreReencryptedToTheNewestAndTheOldOnesReported(TestDatabase t) {
        String k1 = Base64.getEncoder().encodeToString(randomKey());
        String k2 = Base64.getEncoder().encodeToString(randomKey());
        Stores s = new Stores(t, EnvironmentKeys.parse(k1), ConnectorIdGenerator.secure());
        OrganizationId org = s.newOrg();
        Connector c = s.store.create(org, Stores.ghcr("x", "ghp_env"));

        EnvironmentKeys both = EnvironmentKeys.parse("1:" + k1 + ",2:" + k2);
        RotationResult result = new SecretKeyRotation(s.db).reencrypt(both);

        assertThat(result.keyVersion()).isEqualTo(2);
        assertThat(result.reencrypted()).isEqualTo(1);
        assertThat(result.unused()).containsExactly(1);
        assertThat(result.retired()).isEmpty();
        SortedMap<String, io.whittle.platform.secret.SecretValue> secrets =
                new StoredSecretReader(s.db, new SecretCipher(EnvironmentKeys.parse("2:" + k2))).secrets(org, c.id());
        assertThat(secrets.get("token").reveal()).isEqualTo("ghp_env");
    }

    private static byte[] randomKey() {
        byte[] key = new byte[Keyring.KEY_BYTES];
        Stores.RANDOM.nextBytes(key);
        return key;
    }

    private static String posixMode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
