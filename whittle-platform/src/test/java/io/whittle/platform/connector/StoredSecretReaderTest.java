package io.whittle.platform.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.secret.Keyring;
import io.whittle.platform.secret.SecretDecryptionException;
import io.whittle.platform.testing.DatabaseTest;
import io.whittle.platform.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

/** Stored ciphertexts tampered with in the database itself. */
class StoredSecretReaderTest {

    @DatabaseTest
    void anAlteredCiphertextFailsClearly(TestDatabase t) throws Exception {
        Stores s = Stores.on(t);
        OrganizationId org = s.newOrg();
        Connector c = s.store.create(org, Stores.ghcr("x", "ghp_tamper_canary"));
        String stored = ciphertext(s, org, c.id(), "token");
        int i = stored.length() / 2;
        char flipped = stored.charAt(i) == 'A' ? 'B' : 'A';
        setCiphertext(s, org, c.id(), "token", stored.substring(0, i) + flipped + stored.substring(i + 1));

        assertThatThrownBy(() -> s.reader.secrets(org, c.id()))
                .isInstanceOf(SecretDecryptionException.class)
                .hasMessageContaining("'token' of " + c.id())
                .hasMessageContaining("enter the secret again")
                .hasNoCause()
                .message().doesNotContain("ghp_tamper_canary").doesNotContainIgnoringCase("tag mismatch");
    }

    @DatabaseTest
    void aCiphertextCopiedToAnotherConnectorFails(TestDatabase t) throws Exception {
        Stores s = Stores.on(t);
        OrganizationId org = s.newOrg();
        Connector victim = s.store.create(org, Stores.ghcr("victim", "ghp_victim"));
        Connector attacker = s.store.create(org, Stores.ghcr("attacker", "ghp_attacker"));
        setCiphertext(s, org, attacker.id(), "token", ciphertext(s, org, victim.id(), "token"));

        assertThatThrownBy(() -> s.reader.secrets(org, attacker.id()))
                .isInstanceOf(SecretDecryptionException.class)
                .satisfies(e -> assertThat(((SecretDecryptionException) e).reason())
                        .isEqualTo(SecretDecryptionException.Reason.MISMATCH));
        assertThat(s.reader.secrets(org, victim.id()).get("token").reveal()).isEqualTo("ghp_victim");
    }

    @DatabaseTest
    void aCiphertextCopiedToAnotherTenantFails(TestDatabase t) throws Exception {
        Stores s = Stores.on(t);
        OrganizationId a = s.newOrg();
        OrganizationId b = s.newOrg();
        Connector victim = s.store.create(a, Stores.ghcr("victim", "ghp_victim"));
        Connector attacker = s.store.create(b, Stores.ghcr("attacker", "ghp_attacker"));
        setCiphertext(s, b, attacker.id(), "token", ciphertext(s, a, victim.id(), "token"));

        assertThatThrownBy(() -> s.reader.secrets(b, attacker.id()))
                .isInstanceOf(SecretDecryptionException.class)
                .hasMessageContaining("copied from another connector or organization");
    }

    @DatabaseTest
    void theWrongKeyFails(TestDatabase t) {
        Stores s = Stores.on(t);
        OrganizationId org = s.newOrg();
        Connector c = s.store.create(org, Stores.ghcr("x", "ghp_1"));
        StoredSecretReader wrong = new StoredSecretReader(s.db,
                new io.whittle.platform.secret.SecretCipher(Keyring.generate(Stores.RANDOM)));

        assertThatThrownBy(() -> wrong.secrets(org, c.id()))
                .isInstanceOf(SecretDecryptionException.class)
                .hasMessageContaining("encrypted with a different key");
        assertThat(s.reader.secrets(org, c.id())).containsOnlyKeys("token");
    }

    @DatabaseTest
    void everyFieldDecryptsOnItsOwn(TestDatabase t) {
        Stores s = Stores.on(t);
        OrganizationId org = s.newOrg();
        Connector c = s.store.create(org, ConnectorDraft.of("acr", "azure", "team.azurecr.io",
                Map.of("tenantId", "t-1", "clientId", "c-1"),
                Map.of("clientSecret", io.whittle.platform.secret.SecretValue.of("cs"),
                        "password", io.whittle.platform.secret.SecretValue.of("pw")),
                ConnectorState.unverified()));
        assertThat(s.reader.secrets(org, c.id())).containsOnlyKeys("clientSecret", "password")
                .extractingByKey("clientSecret").extracting(io.whittle.platform.secret.SecretValue::reveal)
                .isEqualTo("cs");
    }

    static String ciphertext(Stores s, OrganizationId org, ConnectorId id, String field) throws Exception {
        try (Connection c = s.db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT ciphertext FROM connector_secrets WHERE organization_id = ? AND connector_id = ? AND field = ?")) {
            ps.setObject(1, org.value());
            ps.setString(2, id.toString());
            ps.setString(3, field);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    static void setCiphertext(Stores s, OrganizationId org, ConnectorId id, String field, String value) throws Exception {
        try (Connection c = s.db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE connector_secrets SET ciphertext = ? WHERE organization_id = ? AND connector_id = ? AND field = ?")) {
            ps.setString(1, value);
            ps.setObject(2, org.value());
            ps.setString(3, id.toString());
            ps.setString(4, field);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
