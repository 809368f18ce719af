package io.whittle.platform.connector;

import io.whittle.platform.db.Database;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.secret.SecretContext;
import io.whittle.platform.secret.SecretOpener;
import io.whittle.platform.secret.SecretValue;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** Decrypts a connector's stored secrets, for the code that builds its registry credentials. */
public final class StoredSecretReader implements SecretReader {
    private final Database db;
    private final SecretOpener opener;

    public StoredSecretReader(Database db, SecretOpener opener) {
        this.db = Objects.requireNonNull(db, "db");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    @Override
    public SortedMap<String, SecretValue> secrets(OrganizationId org, ConnectorId id) {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(id, "id");
        if (id.isBuiltIn()) {
            return Collections.emptySortedMap();
        }
        SortedMap<String, String> sealed = db.inTransaction(c -> {
            if (!ConnectorRows.exists(c, org, id)) {
                throw new ConnectorNotFoundException(id);
            }
            SortedMap<String, String> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT field, ciphertext FROM connector_secrets "
                    + "WHERE organization_id = ? AND connector_id = ?")) {
                ps.setObject(1, org.value());
                ps.setString(2, id.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return out;
        });
        SortedMap<String, SecretValue> plain = new TreeMap<>();
        sealed.forEach((field, text) ->
                plain.put(field, opener.open(new SecretContext(org.toString(), id.toString(), field), text)));
        return Collections.unmodifiableSortedMap(plain);
    }
}
