package io.whittle.platform.connector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whittle.platform.org.OrganizationId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/** Reading and writing connector rows: the SQL shared by the store, the secret reader and rotation. */
final class ConnectorRows {
    private ConnectorRows() {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String COLUMNS = "id, organization_id, name, registry_host, settings, status, status_reason, access, "
            + "expires_at, last_checked_at, created_at, updated_at, version";

    /** Reads one connector of {@code org} (locking its row when {@code forUpdate}), with its secret field names. */
    static Optional<Connector> find(Connection c, OrganizationId org, ConnectorId id, boolean forUpdate)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM connectors WHERE organization_id = ? AND id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setObject(1, org.value());
            ps.setString(2, id.toString());
            List<Connector> found = read(c, org, ps);
            return found.stream().findFirst();
        }
    }

    /** Maps the rows of {@code ps} (selecting {@link #COLUMNS}) and fills in their secret field names. */
    static List<Connector> read(Connection c, OrganizationId org, PreparedStatement ps) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(row(rs));
            }
        }
        Map<String, Set<String>> secretFields = secretFields(c, org, rows.stream().map(Row::id).toList());
        List<Connector> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(r.toConnector(secretFields.getOrDefault(r.id(), Set.of())));
        }
        return out;
    }

    static boolean exists(Connection c, OrganizationId org, ConnectorId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM connectors WHERE organization_id = ? AND id = ?")) {
            ps.setObject(1, org.value());
            ps.setString(2, id.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Map<String, Set<String>> secretFields(Connection c, OrganizationId org, List<String> ids)
            throws SQLException {
        Map<String, Set<String>> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT connector_id, field FROM connector_secrets "
                + "WHERE organization_id = ? AND connector_id IN (" + marks + ")")) {
            ps.setObject(1, org.value());
            for (int i = 0; i < ids.size(); i++) {
                ps.setString(i + 2, ids.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
                }
            }
        }
        return out;
    }

    private record Row(String id, UUID org, String name, String host, String settings, String status,
                       String reason, String access, Optional<Instant> expiresAt, Optional<Instant> checkedAt,
                       Instant createdAt, Instant updatedAt, long version) {
        Connector toConnector(Set<String> secretFields) {
            ConnectorState state = new ConnectorState(
                    new ConnectorStatus(Verification.fromWire(status), reason), Access.fromWire(access),
                    expiresAt, checkedAt);
            return new Connector(ConnectorId.parse(id), new OrganizationId(org), name, host, settingsFromJson(settings),
                    new TreeSet<>(secretFields), state, createdAt, updatedAt, version);
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("id"), rs.getObject("organization_id", UUID.class), rs.getString("name"),
                rs.getString("registry_host"), rs.getString("settings"), rs.getString("status"),
                rs.getString("status_reason"), rs.getString("access"), instant(rs, "expires_at"),
                instant(rs, "last_checked_at"), instant(rs, "created_at").orElseThrow(),
                instant(rs, "updated_at").orElseThrow(), rs.getLong("version"));
    }

    static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
    }

    static void setInstant(PreparedStatement ps, int index, Optional<Instant> instant) throws SQLException {
        if (instant.isPresent()) {
            ps.setObject(index, OffsetDateTime.ofInstant(instant.get(), ZoneOffset.UTC));
        } else {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    static String settingsToJson(SortedMap<String, String> settings) {
        try {
            return JSON.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    static SortedMap<String, String> settingsFromJson(String json) {
        try {
            return new TreeMap<>(JSON.readValue(json, new TypeReference<Map<String, String>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The stored settings of a connector are not a JSON object of strings: "
                    + "restore the database from a backup.", e);
        }
    }
}
