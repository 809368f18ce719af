package io.whittle.platform.account;

import io.whittle.platform.db.Database;
import io.whittle.platform.org.Organization;
import io.whittle.platform.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The account classes over one test database, sharing one hand-moved clock. */
final class Accounts {
    static final String PASSWORD = "correct horse battery staple";
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration ABSOLUTE = Duration.ofHours(8);

    final Database db;
    final TestClock clock = TestClock.atNow();
    final AccountStore store;
    final Memberships memberships;
    final ApiTokens tokens;
    final Sessions sessions;
    final Setup setup;

    private Accounts(TestDatabase t) {
        this.db = t.database();
        this.store = new AccountStore(db, clock, PasswordHasher.forTests());
        this.memberships = new Memberships(db, clock);
        this.tokens = new ApiTokens(db, clock);
        this.sessions = new Sessions(db, clock, IDLE, ABSOLUTE);
        this.setup = new Setup(db, clock, store);
    }

    static Accounts on(TestDatabase t) {
        return new Accounts(t);
    }

    User user(String username) {
        return store.createUser(username, username.toUpperCase(java.util.Locale.ROOT), PASSWORD.toCharArray(), false);
    }

    Organization shared(User owner, String slug) {
        return memberships.createShared(owner.id(), slug, "The " + slug + " team");
    }

    /** Every value of every row of {@code table}, as text: what a reader of the database would see. */
    List<String> dump(String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    out.add(String.valueOf(rs.getObject(i)));
                }
            }
        }
        return out;
    }

    /** The single value {@code sql} selects. */
    String query(String sql, Object... parameters) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
