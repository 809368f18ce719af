package io.whittle.platform.account;

import io.whittle.platform.db.Database;
import io.whittle.platform.org.Organization;
import io.whittle.platform.org.OrganizationId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Local accounts and their passwords. Creating a user also creates the user's personal organization (slug = username,
 * so usernames and organization slugs share one namespace) with the user as its owner, in the same transaction.
 *
 * <p>Sign-in costs the same whether or not the username exists (an unknown user is checked against a dummy hash),
 * and a password stored with older hashing parameters is rehashed with the current ones when its owner signs in.
 */
public final class AccountStore {
    private final Database db;
    private final Clock clock;
    private final PasswordHasher hasher;
    /** A hash of a random password, verified when the username is unknown so that the answer takes as long. */
    private final String dummyHash;

    public AccountStore(Database db, Clock clock, PasswordHasher hasher) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.dummyHash = hasher.hash(Secrets.random().toCharArray());
    }

    /**
     * A new user, their personal organization and their owner membership of it.
     *
     * @throws InvalidAccountInputException when the username, display name or password is not acceptable
     * @throws AccountConflictException when the username is taken by a user or an organization
     */
    public User createUser(String username, String displayName, char[] password, boolean admin) {
        NewUser user = prepare(username, displayName, password);
        return AccountRows.uniquely(db, c -> insert(c, user, admin), () -> taken(user.username()));
    }

    /** The validated, hashed form of a new user: made before any transaction, since hashing takes time. */
    record NewUser(String username, String displayName, String passwordHash) {
        @Override
        public String toString() {
            return "NewUser[username=" + username + "]";
        }
    }

    NewUser prepare(String username, String displayName, char[] password) {
        User.checkUsername(username);
        String name = User.checkDisplayName(displayName, username);
        PasswordPolicy.check(password);
        return new NewUser(username, name, hasher.hash(password));
    }

    /** Inserts {@code user} inside the caller's transaction; the caller maps a racing duplicate with {@link #taken}. */
    User insert(Connection c, NewUser user, boolean admin) throws SQLException {
        if (AccountRows.userByUsername(c, user.username()).isPresent() || AccountRows.slugTaken(c, user.username())) {
            throw taken(user.username());
        }
        Instant now = AccountRows.now(clock);
        Organization personal = new Organization(OrganizationId.random(), user.username(), user.displayName(), now);
        AccountRows.insertOrganization(c, personal);
        UserId id = UserId.random();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, organization_id, username, display_name, "
                + "password_hash, admin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, id.value());
            ps.setObject(2, personal.id().value());
            ps.setString(3, user.username());
            ps.setString(4, user.displayName());
            ps.setString(5, user.passwordHash());
            ps.setBoolean(6, admin);
            ps.setObject(7, AccountRows.timestamp(now));
            ps.executeUpdate();
        }
        AccountRows.insertMembership(c, personal.id(), id, Role.OWNER, now);
        return new User(id, user.username(), user.displayName(), personal.id(), admin, now);
    }

    static AccountConflictException taken(String username) {
        return new AccountConflictException("The name '" + username + "' is taken by another user or organization: "
                + "choose another username.");
    }

    /**
     * The user whose username and password these are; empty otherwise, without saying which was wrong. The username is
     * compared in lowercase.
     */
    public Optional<User> authenticate(String username, char[] password) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        Optional<Credentials> found = name.isEmpty() ? Optional.empty() : db.inTransaction(c -> credentials(c, name));
        String encoded = found.map(Credentials::passwordHash).orElse(dummyHash);
        boolean matches = hasher.verify(password, encoded);
        if (found.isEmpty() || !matches) {
            return Optional.empty();
        }
        if (hasher.needsRehash(encoded)) {
            String rehashed = hasher.hash(password);
            db.inTransaction(c -> updateHash(c, found.get().user().id(), encoded, rehashed));
        }
        return Optional.of(found.get().user());
    }

    public Optional<User> user(UserId id) {
        Objects.requireNonNull(id, "id");
        return db.inTransaction(c -> AccountRows.user(c, id));
    }

    /** The user with this username (compared in lowercase). */
    public Optional<User> byUsername(String username) {
        Objects.requireNonNull(username, "username");
        return db.inTransaction(c -> AccountRows.userByUsername(c, username.strip().toLowerCase(Locale.ROOT)));
    }

    /**
     * Replaces the password after checking the current one. Open sessions and API tokens stay valid: closing the
     * other sessions is the caller's decision ({@link Sessions#closeAll}).
     *
     * @throws AccountNotFoundException when there is no such user
     * @throws IncorrectPasswordException when {@code current} is wrong
     * @throws InvalidAccountInputException when {@code replacement} is not acceptable
     */
    public void changePassword(UserId id, char[] current, char[] replacement) {
        Objects.requireNonNull(id, "id");
        Credentials found = db.inTransaction(c -> credentials(c, id)).orElseThrow(() -> notFound(id));
        if (!hasher.verify(current, found.passwordHash())) {
            throw new IncorrectPasswordException();
        }
        PasswordPolicy.check(replacement);
        String hash = hasher.hash(replacement);
        boolean changed = db.inTransaction(c -> updateHash(c, id, found.passwordHash(), hash));
        if (!changed) {
            throw new AccountConflictException("The password was changed at the same time by another request: "
                    + "sign in again with the new password.");
        }
    }

    /** How many users there are. */
    public long count() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM users");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Whether some user administers the server; until one does, {@link Setup} may create the first. */
    public boolean anyAdmin() {
        return db.inTransaction(AccountStore::anyAdmin);
    }

    static boolean anyAdmin(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM users WHERE admin = TRUE");
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    static AccountNotFoundException notFound(UserId id) {
        return new AccountNotFoundException("There is no user " + id + ": check the user id.");
    }

    /** A user with the stored password hash, which never leaves this class. */
    private record Credentials(User user, String passwordHash) {
        @Override
        public String toString() {
            return "Credentials[user=" + user + "]";
        }
    }

    private static Optional<Credentials> credentials(Connection c, String username) throws SQLException {
        return credentials(c, "u.username = ?", username);
    }

    private static Optional<Credentials> credentials(Connection c, UserId id) throws SQLException {
        return credentials(c, "u.id = ?", id.value());
    }

    private static Optional<Credentials> credentials(Connection c, String condition, Object value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + AccountRows.USER_COLUMNS
                + ", u.password_hash FROM users u WHERE " + condition)) {
            ps.setObject(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Credentials(AccountRows.user(rs, 1),
                        rs.getString(AccountRows.USER_COLUMN_COUNT + 1)));
            }
        }
    }

    /** Replaces the hash if it is still {@code expected}; answers whether it did. */
    private static boolean updateHash(Connection c, UserId id, String expected, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?")) {
            ps.setString(1, hash);
            ps.setObject(2, id.value());
            ps.setString(3, expected);
            return ps.executeUpdate() == 1;
        }
    }
}
