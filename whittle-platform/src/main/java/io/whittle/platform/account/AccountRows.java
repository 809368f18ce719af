package io.whittle.platform.account;

import io.whittle.platform.db.Database;
import io.whittle.platform.db.DatabaseException;
import io.whittle.platform.db.SqlWork;
import io.whittle.platform.org.Organization;
import io.whittle.platform.org.OrganizationId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/** The SQL the account classes share: users, organizations and roles read inside a caller's transaction. */
final class AccountRows {
    private static final String UNIQUE_VIOLATION = "23505";

    /** The columns {@link #user(ResultSet, int)} reads, for a query that names the users table {@code u}. */
    static final String USER_COLUMNS = "u.id, u.username, u.display_name, u.organization_id, u.admin, u.created_at";
    static final int USER_COLUMN_COUNT = 6;

    private AccountRows() {
    }

    /** The user in the {@link #USER_COLUMNS} starting at column {@code first}. */
    static User user(ResultSet rs, int first) throws SQLException {
        return new User(new UserId(rs.getObject(first, UUID.class)), rs.getString(first + 1), rs.getString(first + 2),
                new OrganizationId(rs.getObject(first + 3, UUID.class)), rs.getBoolean(first + 4),
                instant(rs, first + 5).orElseThrow());
    }

    static Optional<User> user(Connection c, UserId id) throws SQLException {
        return userWhere(c, "u.id = ?", id.value());
    }

    static Optional<User> userByUsername(Connection c, String username) throws SQLException {
        return userWhere(c, "u.username = ?", username);
    }

    private static Optional<User> userWhere(Connection c, String condition, Object value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + USER_COLUMNS + " FROM users u WHERE " + condition)) {
            ps.setObject(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(user(rs, 1)) : Optional.empty();
            }
        }
    }

    static Optional<Organization> organization(Connection c, OrganizationId id, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, slug, name, created_at FROM organizations WHERE id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setObject(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(organization(rs, 1)) : Optional.empty();
            }
        }
    }

    /** The organization in the columns id, slug, name, created_at starting at {@code first}. */
    static Organization organization(ResultSet rs, int first) throws SQLException {
        return new Organization(new OrganizationId(rs.getObject(first, UUID.class)), rs.getString(first + 1),
                rs.getString(first + 2), instant(rs, first + 3).orElseThrow());
    }

    static boolean slugTaken(Connection c, String slug) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM organizations WHERE slug = ?")) {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Whether {@code org} is some user's personal organization. */
    static boolean personal(Connection c, OrganizationId org) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM users WHERE organization_id = ?")) {
            ps.setObject(1, org.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static Optional<Role> role(Connection c, OrganizationId org, UserId user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT role FROM memberships WHERE organization_id = ? AND user_id = ?")) {
            ps.setObject(1, org.value());
            ps.setObject(2, user.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Role.parse(rs.getString(1))) : Optional.empty();
            }
        }
    }

    static void insertMembership(Connection c, OrganizationId org, UserId user, Role role, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setObject(1, org.value());
            ps.setObject(2, user.value());
            ps.setString(3, role.id());
            ps.setObject(4, timestamp(now));
            ps.executeUpdate();
        }
    }

    static void insertOrganization(Connection c, Organization org) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO organizations (id, slug, name, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setObject(1, org.id().value());
            ps.setString(2, org.slug());
            ps.setString(3, org.name());
            ps.setObject(4, timestamp(org.createdAt()));
            ps.executeUpdate();
        }
    }

    /**
     * Runs {@code work} in a transaction, turning a unique-constraint violation (two callers racing past the same
     * check) into the conflict the check would have reported.
     */
    static <T> T uniquely(Database db, SqlWork<T> work, Supplier<AccountConflictException> conflict) {
        try {
            return db.inTransaction(work);
        } catch (DatabaseException e) {
            if (e.getCause() instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
                throw conflict.get();
            }
            throw e;
        }
    }

    /** The clock's time at the precision both databases store. */
    static Instant now(Clock clock) {
        return truncated(clock.instant());
    }

    static Instant truncated(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static void setInstant(PreparedStatement ps, int index, Optional<Instant> instant) throws SQLException {
        if (instant.isPresent()) {
            ps.setObject(index, timestamp(instant.get()));
        } else {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }
}
