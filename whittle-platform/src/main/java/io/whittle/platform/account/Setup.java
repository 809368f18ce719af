package io.whittle.platform.account;

import io.whittle.platform.db.Database;
import io.whittle.platform.db.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Creating the first administrator of a fresh server, in one of two ways: from credentials the operator put in the
 * environment ({@link #ensureAdmin}), or through a one-time setup link the server prints at start
 * ({@link #issueSetupToken}, then {@link #complete}). The setup token is valid for 24 hours, stored only as its
 * SHA-256, and there is at most one: issuing another (a restart) replaces it, and creating the first administrator by
 * either way burns it.
 */
public final class Setup {
    public static final Duration TOKEN_VALIDITY = Duration.ofHours(24);
    private static final int ISSUE_ATTEMPTS = 3;

    private final Database db;
    private final Clock clock;
    private final AccountStore accounts;

    public Setup(Database db, Clock clock, AccountStore accounts) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    /** A fresh setup token while there is no administrator (replacing any earlier one); empty once there is one. */
    public Optional<String> issueSetupToken() {
        for (int attempt = 1; ; attempt++) {
            try {
                return db.inTransaction(this::issue);
            } catch (DatabaseException e) {
                // Two servers starting together both inserted the single row; the next attempt replaces it.
                if (attempt >= ISSUE_ATTEMPTS || !(e.getCause() instanceof SQLException s)
                        || !"23505".equals(s.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    private Optional<String> issue(Connection c) throws SQLException {
        burn(c);
        if (AccountStore.anyAdmin(c)) {
            return Optional.empty();
        }
        String token = Secrets.random();
        Instant now = AccountRows.now(clock);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO setup_tokens (id, token_hash, created_at, expires_at) VALUES (1, ?, ?, ?)")) {
            ps.setString(1, Secrets.digest(token));
            ps.setObject(2, AccountRows.timestamp(now));
            ps.setObject(3, AccountRows.timestamp(now.plus(TOKEN_VALIDITY)));
            ps.executeUpdate();
        }
        return Optional.of(token);
    }

    /**
     * Creates the first administrator with the setup token, and burns the token. A username or password that is not
     * acceptable leaves the token valid for another try.
     *
     * @throws InvalidSetupTokenException when the token is wrong, used or expired, or an administrator exists
     * @throws InvalidAccountInputException when the username, display name or password is not acceptable
     * @throws AccountConflictException when the username is taken
     */
    public User complete(String setupToken, String username, String displayName, char[] password) {
        if (!Secrets.wellFormed(setupToken)) {
            throw new InvalidSetupTokenException();
        }
        String digest = Secrets.digest(setupToken);
        db.inTransaction(c -> requireToken(c, digest, false));
        AccountStore.NewUser admin = accounts.prepare(username, displayName, password);
        return AccountRows.uniquely(db, c -> {
            requireToken(c, digest, true);
            User user = accounts.insert(c, admin, true);
            burn(c);
            return user;
        }, () -> AccountStore.taken(admin.username()));
    }

    /** Checks the token (locking its row when {@code lock}, so that it is used once). */
    private Void requireToken(Connection c, String digest, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT token_hash, expires_at FROM setup_tokens WHERE id = 1"
                + (lock ? " FOR UPDATE" : ""))) {
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !Secrets.equal(rs.getString(1), digest)
                        || !AccountRows.now(clock).isBefore(AccountRows.instant(rs, 2).orElseThrow())) {
                    throw new InvalidSetupTokenException();
                }
            }
        }
        if (AccountStore.anyAdmin(c)) {
            throw new InvalidSetupTokenException();
        }
        return null;
    }

    /**
     * Creates the administrator {@code username} (display name the same) when the server has no administrator yet,
     * and burns any setup token; does nothing once an administrator exists, so a server can run this at every start.
     *
     * @throws InvalidAccountInputException when the username or password is not acceptable
     * @throws AccountConflictException when a user that is not an administrator has that username
     */
    public Optional<User> ensureAdmin(String username, char[] password) {
        if (accounts.anyAdmin()) {
            return Optional.empty();
        }
        AccountStore.NewUser admin = accounts.prepare(username, username, password);
        try {
            return AccountRows.uniquely(db, c -> {
                if (AccountStore.anyAdmin(c)) {
                    return Optional.<User>empty();
                }
                if (AccountRows.userByUsername(c, admin.username()).isPresent()) {
                    throw new AccountConflictException("A user named '" + admin.username() + "' exists already and is "
                            + "not an administrator: choose another username for the first administrator.");
                }
                User user = accounts.insert(c, admin, true);
                burn(c);
                return Optional.of(user);
            }, () -> AccountStore.taken(admin.username()));
        } catch (AccountConflictException e) {
            if (accounts.anyAdmin()) {
                return Optional.empty(); // another server process created it at the same moment
            }
            throw e;
        }
    }

    private static void burn(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM setup_tokens")) {
            ps.executeUpdate();
        }
    }
}
