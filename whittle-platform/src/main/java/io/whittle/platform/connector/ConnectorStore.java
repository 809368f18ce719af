package io.whittle.platform.connector;

import io.whittle.platform.db.Database;
import io.whittle.platform.db.Keyset;
import io.whittle.platform.db.DatabaseException;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.secret.SecretContext;
import io.whittle.platform.secret.SecretSealer;
import io.whittle.platform.secret.SecretValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The connectors of each organization. Every operation is scoped to one organization: a connector of
 * another one is reported exactly as a missing one. The store can encrypt secrets but not decrypt them;
 * reading them back is {@link StoredSecretReader}'s job.
 *
 * <p>Secrets are stored one ciphertext per field (table {@code connector_secrets}), bound to organization,
 * connector ID and field name, so an edit can keep one field's ciphertext as it is while replacing another.
 */
public final class ConnectorStore {
    private static final int ID_ATTEMPTS = 8;
    private static final String UNIQUE_VIOLATION = "23505";

    private final Database db;
    private final SecretSealer sealer;
    private final Clock clock;
    private final ConnectorIdGenerator ids;

    public ConnectorStore(Database db, SecretSealer sealer) {
        this(db, sealer, Clock.systemUTC(), ConnectorIdGenerator.secure());
    }

    public ConnectorStore(Database db, SecretSealer sealer, Clock clock, ConnectorIdGenerator ids) {
        this.db = Objects.requireNonNull(db, "db");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /**
     * Stores a new connector under a fresh connector ID (checked against every stored ID, retried on a
     * collision) and returns it.
     *
     * @throws DuplicateConnectorNameException when the organization has a connector of that name
     * @throws IllegalArgumentException when the organization does not exist
     */
    public Connector create(OrganizationId org, ConnectorDraft draft) {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(draft, "draft");
        for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
            ConnectorId id = ids.next(draft.provider());
            if (id.isBuiltIn() || !id.provider().equals(draft.provider())) {
                throw new IllegalStateException("The ID generator made " + id + " for provider " + draft.provider());
            }
            try {
                Optional<Connector> created = db.inTransaction(c -> insert(c, org, id, draft));
                if (created.isPresent()) {
                    return created.get();
                }
            } catch (DatabaseException e) {
                // Two creators raced past the checks; the next attempt's checks tell which constraint it was.
                if (!(e.getCause() instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState()))) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("No free connector ID was found in " + ID_ATTEMPTS
                + " tries: the random source is not random.");
    }

    private Optional<Connector> insert(Connection c, OrganizationId org, ConnectorId id, ConnectorDraft draft)
            throws SQLException {
        if (!organizationExists(c, org)) {
            throw new IllegalArgumentException("There is no organization " + org + ": create it before adding connectors.");
        }
        if (nameTaken(c, org, draft.name(), Optional.empty())) {
            throw new DuplicateConnectorNameException(draft.name());
        }
        if (idTaken(c, id)) {
            return Optional.empty();
        }
        Instant now = now();
        Connector connector = new Connector(id, org, draft.name(), draft.registryHost(), draft.settings(),
                new TreeSet<>(draft.secrets().keySet()), draft.state(), now, now, 1);
        String columns = "id, organization_id, provider, name, registry_host, settings, " + ConnectorRows.STATE_COLUMNS
                + ", created_at, updated_at, version";
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO connectors (" + columns + ") VALUES ("
                + ConnectorRows.marks(columns.split(",").length) + ")")) {
            ps.setString(1, id.toString());
            ps.setObject(2, org.value());
            ps.setString(3, draft.provider());
            ps.setString(4, connector.name());
            ps.setString(5, connector.registryHost());
            ps.setString(6, ConnectorRows.settingsToJson(connector.settings()));
            int next = ConnectorRows.setState(ps, 7, connector.state());
            ps.setObject(next, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.setObject(next + 1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.setLong(next + 2, connector.version());
            ps.executeUpdate();
        }
        for (Map.Entry<String, SecretValue> secret : draft.secrets().entrySet()) {
            writeSecret(c, org, id, secret.getKey(), secret.getValue());
        }
        return Optional.of(connector);
    }

    /** The connector, if {@code org} has it; built-in connectors are found in every organization. */
    public Optional<Connector> get(OrganizationId org, ConnectorId id) {
        Optional<Connector> builtIn = BuiltInConnectors.find(org, id);
        if (builtIn.isPresent()) {
            return builtIn;
        }
        return db.inTransaction(c -> ConnectorRows.find(c, org, id, false));
    }

    /** The connector, or {@link ConnectorNotFoundException}. */
    public Connector require(OrganizationId org, ConnectorId id) {
        return get(org, id).orElseThrow(() -> new ConnectorNotFoundException(id));
    }

    /** The stored connectors of {@code org}, oldest first (built-in ones are not listed). */
    public Page<Connector> list(OrganizationId org, PageRequest request) {
        Objects.requireNonNull(org, "org");
        Optional<Keyset.Position> after = request.cursor()
                .map(c -> Keyset.Position.decode(c, id -> ConnectorId.parse(id).toString()));
        return db.inTransaction(c -> {
            String sql = "SELECT " + ConnectorRows.COLUMNS + " FROM connectors WHERE organization_id = ?"
                    + Keyset.OLDEST_FIRST.condition(after) + Keyset.OLDEST_FIRST.orderAndLimit();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, org.value());
                Keyset.OLDEST_FIRST.bind(ps, 2, after, request.limit(), id -> id);
                return Keyset.OLDEST_FIRST.page(ConnectorRows.read(c, org, ps), request.limit(),
                        last -> new Keyset.Position(last.createdAt(), last.id().toString()));
            }
        });
    }

    /**
     * The connectors of {@code org} whose registry host is exactly {@code registryHost} (compared in
     * lowercase, never by prefix or suffix), oldest first.
     */
    public List<Connector> findByHost(OrganizationId org, String registryHost) {
        String host = Fields.host(registryHost);
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ConnectorRows.COLUMNS
                    + " FROM connectors WHERE organization_id = ? AND registry_host = ? ORDER BY created_at, id")) {
                ps.setObject(1, org.value());
                ps.setString(2, host);
                return ConnectorRows.read(c, org, ps);
            }
        });
    }

    /**
     * Applies {@code edit} to the connector if it is still at {@code edit.expectedVersion()}.
     *
     * @throws ConnectorNotFoundException when {@code org} has no such connector
     * @throws ConnectorConflictException when it changed since it was read
     * @throws SecretRequiredException when the edit changes the registry host or a destination setting
     *         without giving every stored secret again
     * @throws DuplicateConnectorNameException when the new name is taken
     */
    public Connector update(OrganizationId org, ConnectorId id, ConnectorEdit edit) {
        refuseBuiltIn(id);
        try {
            return db.inTransaction(c -> applyEdit(c, org, id, edit));
        } catch (DatabaseException e) {
            // The name check runs under the row lock of this connector only; a concurrent rename of another
            // connector to the same name meets the unique constraint instead.
            if (e.getCause() instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
                throw new DuplicateConnectorNameException(edit.name());
            }
            throw e;
        }
    }

    private Connector applyEdit(Connection c, OrganizationId org, ConnectorId id, ConnectorEdit edit)
            throws SQLException {
        Connector current = lockCurrent(c, org, id, edit.expectedVersion());
        if (!current.name().equals(edit.name()) && nameTaken(c, org, edit.name(), Optional.of(id))) {
            throw new DuplicateConnectorNameException(edit.name());
        }
        Set<String> unknown = new TreeSet<>(edit.clearedSecrets());
        unknown.removeAll(current.secretFields());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Connector " + id + " has no secret " + String.join(", ", unknown)
                    + " to clear: clear only fields that are set.");
        }
        if (destinationChanged(current, edit)) {
            Set<String> missing = new TreeSet<>(current.secretFields());
            missing.removeAll(edit.clearedSecrets());
            missing.removeAll(edit.secrets().keySet());
            if (!missing.isEmpty()) {
                throw new SecretRequiredException(id, missing);
            }
        }
        Set<String> fields = new TreeSet<>(current.secretFields());
        fields.removeAll(edit.clearedSecrets());
        fields.addAll(edit.secrets().keySet());
        Set<String> clash = new HashSet<>(fields);
        clash.retainAll(edit.settings().keySet());
        if (!clash.isEmpty()) {
            throw new IllegalArgumentException("The field '" + clash.iterator().next() + "' of connector " + id
                    + " is stored as a secret: clear the secret before giving it as a setting.");
        }
        Instant now = now();
        Connector updated = new Connector(id, org, edit.name(), edit.registryHost(), edit.settings(),
                new TreeSet<>(fields), edit.state(), current.createdAt(), now, current.version() + 1);
        try (PreparedStatement ps = c.prepareStatement("UPDATE connectors SET name = ?, registry_host = ?, "
                + "settings = ?, " + ConnectorRows.STATE_ASSIGNMENTS + ", updated_at = ?, version = ? "
                + "WHERE organization_id = ? AND id = ? AND version = ?")) {
            ps.setString(1, updated.name());
            ps.setString(2, updated.registryHost());
            ps.setString(3, ConnectorRows.settingsToJson(updated.settings()));
            int next = ConnectorRows.setState(ps, 4, updated.state());
            ps.setObject(next, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.setLong(next + 1, updated.version());
            ps.setObject(next + 2, org.value());
            ps.setString(next + 3, id.toString());
            ps.setLong(next + 4, current.version());
            if (ps.executeUpdate() != 1) {
                throw new ConnectorConflictException(id, edit.expectedVersion(), current.version());
            }
        }
        for (String field : edit.clearedSecrets()) {
            deleteSecret(c, org, id, field);
        }
        for (Map.Entry<String, SecretValue> secret : edit.secrets().entrySet()) {
            deleteSecret(c, org, id, secret.getKey());
            writeSecret(c, org, id, secret.getKey(), secret.getValue());
        }
        return updated;
    }

    /**
     * Records the outcome of a check made with the connector at {@code checkedVersion}. Not an edit: the
     * version stays, but a check of credentials that have since changed is refused.
     *
     * @throws ConnectorConflictException when the connector changed after the check started
     */
    public Connector recordCheck(OrganizationId org, ConnectorId id, long checkedVersion, ConnectorState state) {
        refuseBuiltIn(id);
        Objects.requireNonNull(state, "state");
        return db.inTransaction(c -> {
            Connector current = lockCurrent(c, org, id, checkedVersion);
            try (PreparedStatement ps = c.prepareStatement("UPDATE connectors SET " + ConnectorRows.STATE_ASSIGNMENTS
                    + " WHERE organization_id = ? AND id = ?")) {
                int next = ConnectorRows.setState(ps, 1, state);
                ps.setObject(next, org.value());
                ps.setString(next + 1, id.toString());
                ps.executeUpdate();
            }
            return new Connector(id, org, current.name(), current.registryHost(), current.settings(),
                    current.secretFields(), state, current.createdAt(), current.updatedAt(), current.version());
        });
    }

    /**
     * Removes the connector and its secrets.
     *
     * @throws ConnectorNotFoundException when {@code org} has no such connector
     */
    public void delete(OrganizationId org, ConnectorId id) {
        refuseBuiltIn(id);
        db.inTransaction(c -> {
            try (PreparedStatement secrets = c.prepareStatement(
                    "DELETE FROM connector_secrets WHERE organization_id = ? AND connector_id = ?");
                 PreparedStatement row = c.prepareStatement(
                         "DELETE FROM connectors WHERE organization_id = ? AND id = ?")) {
                secrets.setObject(1, org.value());
                secrets.setString(2, id.toString());
                secrets.executeUpdate();
                row.setObject(1, org.value());
                row.setString(2, id.toString());
                if (row.executeUpdate() != 1) {
                    throw new ConnectorNotFoundException(id);
                }
            }
            return null;
        });
    }

    private Connector lockCurrent(Connection c, OrganizationId org, ConnectorId id, long expectedVersion)
            throws SQLException {
        Connector current = ConnectorRows.find(c, org, id, true).orElseThrow(() -> new ConnectorNotFoundException(id));
        if (current.version() != expectedVersion) {
            throw new ConnectorConflictException(id, expectedVersion, current.version());
        }
        return current;
    }

    /** The registry host, or a setting the caller marks as deciding where credentials go, changes. */
    private static boolean destinationChanged(Connector current, ConnectorEdit edit) {
        if (!current.registryHost().equals(edit.registryHost())) {
            return true;
        }
        for (String key : edit.destinationSettings()) {
            if (!Objects.equals(current.settings().get(key), edit.settings().get(key))) {
                return true;
            }
        }
        return false;
    }

    private void writeSecret(Connection c, OrganizationId org, ConnectorId id, String field, SecretValue value)
            throws SQLException {
        String sealed = sealer.seal(new SecretContext(org.toString(), id.toString(), field), value);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO connector_secrets "
                + "(organization_id, connector_id, field, ciphertext) VALUES (?, ?, ?, ?)")) {
            ps.setObject(1, org.value());
            ps.setString(2, id.toString());
            ps.setString(3, field);
            ps.setString(4, sealed);
            ps.executeUpdate();
        }
    }

    private static void deleteSecret(Connection c, OrganizationId org, ConnectorId id, String field)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM connector_secrets "
                + "WHERE organization_id = ? AND connector_id = ? AND field = ?")) {
            ps.setObject(1, org.value());
            ps.setString(2, id.toString());
            ps.setString(3, field);
            ps.executeUpdate();
        }
    }

    private static boolean organizationExists(Connection c, OrganizationId org) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM organizations WHERE id = ?")) {
            ps.setObject(1, org.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean nameTaken(Connection c, OrganizationId org, String name, Optional<ConnectorId> except)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM connectors WHERE organization_id = ? AND name = ?")) {
            ps.setObject(1, org.value());
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (except.isEmpty() || !except.get().toString().equals(rs.getString(1))) {
                        return true;
                    }
                }
                return false;
            }
        }
    }

    /** Checked across all organizations: a connector ID names one connector anywhere. */
    private static boolean idTaken(Connection c, ConnectorId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM connectors WHERE id = ?")) {
            ps.setString(1, id.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void refuseBuiltIn(ConnectorId id) {
        if (id.isBuiltIn()) {
            throw new BuiltInConnectorException(id);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
