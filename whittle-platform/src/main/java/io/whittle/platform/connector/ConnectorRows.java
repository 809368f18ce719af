package io.whittle.platform.connector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import io.whittle.platform.org.OrganizationId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
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

    /** Settings are a flat object of strings: the streaming API reads them without loading a data binder. */
    private static final JsonFactory JSON = new JsonFactory();

    /** The columns of a connector's state, in the order {@link #setState} binds them. */
    private static final List<String> STATE = List.of("status", "status_reason", "access", "expires_at",
            "last_checked_at", "rate_limit_limit", "rate_limit_remaining", "rate_limit_window_seconds",
            "rate_limit_checked_at");

    /** {@code status, status_reason, …}: the state columns, for an INSERT. */
    static final String STATE_COLUMNS = String.join(", ", STATE);

    /** {@code status = ?, status_reason = ?, …}: the state columns, for an UPDATE. */
    static final String STATE_ASSIGNMENTS = String.join(", ", STATE.stream().map(c -> c + " = ?").toList());

    static final String COLUMNS = "id, organization_id, name, registry_host, settings, " + STATE_COLUMNS
            + ", created_at, updated_at, version";

    /** {@code n} parameter marks: {@code ?, ?, …}. */
    static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** Binds {@code state} to the {@link #STATE_COLUMNS} from parameter {@code first} on; answers the next index. */
    static int setState(PreparedStatement ps, int first, ConnectorState state) throws SQLException {
        ps.setString(first, state.status().verification().wire());
        ps.setString(first + 1, state.status().reason());
        ps.setString(first + 2, state.access().wire());
        setInstant(ps, first + 3, state.expiresAt());
        setInstant(ps, first + 4, state.lastCheckedAt());
        Optional<RateLimit> limit = state.rateLimit();
        if (limit.isPresent()) {
            ps.setInt(first + 5, limit.get().limit());
            ps.setInt(first + 6, limit.get().remaining());
            ps.setLong(first + 7, limit.get().window().toSeconds());
        } else {
            ps.setNull(first + 5, Types.INTEGER);
            ps.setNull(first + 6, Types.INTEGER);
            ps.setNull(first + 7, Types.BIGINT);
        }
        setInstant(ps, first + 8, limit.map(RateLimit::checkedAt));
        return first + STATE.size();
    }

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
        try (PreparedStatement ps = c.prepareStatement("SELECT connector_id, field FROM connector_secrets "
                + "WHERE organization_id = ? AND connector_id IN (" + marks(ids.size()) + ")")) {
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
                       Optional<RateLimit> rateLimit, Instant createdAt, Instant updatedAt, long version) {
        Connector toConnector(Set<String> secretFields) {
            ConnectorState state = new ConnectorState(
                    new ConnectorStatus(Verification.fromWire(status), reason), Access.fromWire(access),
                    expiresAt, checkedAt, rateLimit);
            return new Connector(ConnectorId.parse(id), new OrganizationId(org), name, host, settingsFromJson(settings),
                    new TreeSet<>(secretFields), state, createdAt, updatedAt, version);
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("id"), rs.getObject("organization_id", UUID.class), rs.getString("name"),
                rs.getString("registry_host"), rs.getString("settings"), rs.getString("status"),
                rs.getString("status_reason"), rs.getString("access"), instant(rs, "expires_at"),
                instant(rs, "last_checked_at"), rateLimit(rs), instant(rs, "created_at").orElseThrow(),
                instant(rs, "updated_at").orElseThrow(), rs.getLong("version"));
    }

    /** The four rate-limit columns are all set or all null (the schema checks it). */
    private static Optional<RateLimit> rateLimit(ResultSet rs) throws SQLException {
        int limit = rs.getInt("rate_limit_limit");
        if (rs.wasNull()) {
            return Optional.empty();
        }
        return Optional.of(new RateLimit(limit, rs.getInt("rate_limit_remaining"),
                Duration.ofSeconds(rs.getLong("rate_limit_window_seconds")),
                instant(rs, "rate_limit_checked_at").orElseThrow()));
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
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, String> e : settings.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
        return out.toString();
    }

    static SortedMap<String, String> settingsFromJson(String json) {
        SortedMap<String, String> out = new TreeMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            boolean object = p.nextToken() == JsonToken.START_OBJECT;
            for (JsonToken t = p.nextToken(); object && t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String key = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    object = false;
                    break;
                }
                out.put(key, p.getText());
            }
            if (object && p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null) {
                return out;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalStateException("The stored settings of a connector are not a JSON object of strings: "
                + "restore the database from a backup.");
    }
}
