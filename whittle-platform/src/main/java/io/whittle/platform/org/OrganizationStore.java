package io.whittle.platform.org;

import io.whittle.platform.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Creates and finds organizations. M1.3 adds members and roles on the same tables. */
public final class OrganizationStore {
    private final Database db;
    private final Clock clock;

    public OrganizationStore(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new organization with a random id. */
    public Organization create(String slug, String name) {
        Organization org = new Organization(OrganizationId.random(), slug, name,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        return db.inTransaction(c -> {
            if (find(c, "slug", slug).isPresent()) {
                throw new DuplicateOrganizationException(slug);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO organizations (id, slug, name, created_at) VALUES (?, ?, ?, ?)")) {
                ps.setObject(1, org.id().value());
                ps.setString(2, org.slug());
                ps.setString(3, org.name());
                ps.setObject(4, OffsetDateTime.ofInstant(org.createdAt(), ZoneOffset.UTC));
                ps.executeUpdate();
            }
            return org;
        });
    }

    public Optional<Organization> get(OrganizationId id) {
        return db.inTransaction(c -> find(c, "id", id.value()));
    }

    public Optional<Organization> bySlug(String slug) {
        return db.inTransaction(c -> find(c, "slug", slug));
    }

    /** The organization of the CLI's local mode, which the schema always contains. */
    public Organization local() {
        return get(OrganizationId.LOCAL).orElseThrow(() -> new IllegalStateException(
                "The local organization is missing from the database: restore the database from a backup."));
    }

    private static Optional<Organization> find(Connection c, String column, Object value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, slug, name, created_at FROM organizations WHERE " + column + " = ?")) {
            ps.setObject(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Organization(new OrganizationId(rs.getObject(1, UUID.class)),
                        rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant()));
            }
        }
    }
}
