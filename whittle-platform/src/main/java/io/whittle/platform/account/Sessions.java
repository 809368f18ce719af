package io.whittle.platform.account;

import io.whittle.platform.db.Database;
import io.whittle.platform.org.OrganizationId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Browser sessions. The cookie's secret (32 random bytes) is stored only as its SHA-256. A session ends when it has
 * not been used for the idle timeout (each use pushes that back) and, however busy, at the absolute timeout after it
 * was opened.
 *
 * <p>The CSRF token is an HMAC of the fixed label {@code whittle-csrf-v1} keyed with the session secret: it is tied to
 * the session, needs no storage, and does not reveal the secret to a page that shows it.
 *
 * <p>A session works in one organization at a time. If its user stops being a member of it, the session falls back to
 * the user's personal organization the next time it is found.
 */
public final class Sessions {
    private static final byte[] CSRF_LABEL = "whittle-csrf-v1".getBytes(StandardCharsets.US_ASCII);
    /** The idle expiry is written back only when it moves by at least this much (or a tenth of the idle timeout). */
    private static final Duration SLIDE_STEP = Duration.ofMinutes(1);

    private final Database db;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;
    private final Duration slideStep;

    public Sessions(Database db, Clock clock, Duration idleTimeout, Duration absoluteTimeout) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.absoluteTimeout = Objects.requireNonNull(absoluteTimeout, "absoluteTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || idleTimeout.compareTo(absoluteTimeout) > 0) {
            throw new IllegalArgumentException("The session idle timeout " + idleTimeout + " must be positive and at "
                    + "most the absolute timeout " + absoluteTimeout + ".");
        }
        Duration tenth = idleTimeout.dividedBy(10);
        this.slideStep = tenth.compareTo(SLIDE_STEP) < 0 ? tenth : SLIDE_STEP;
    }

    /**
     * Signs {@code user} in, working in {@code org}.
     *
     * @throws AccountNotFoundException when the user is not a member of {@code org} (or does not exist)
     */
    public OpenedSession open(UserId user, OrganizationId org) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(org, "org");
        String secret = Secrets.random();
        Instant now = AccountRows.now(clock);
        Instant absolute = now.plus(absoluteTimeout);
        Session session = new Session(UUID.randomUUID().toString(), user, org, now, earlier(now.plus(idleTimeout), absolute));
        db.inTransaction(c -> {
            requireMembership(c, org, user);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (id, secret_hash, user_id, "
                    + "organization_id, created_at, idle_expires_at, absolute_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, session.id());
                ps.setString(2, Secrets.digest(secret));
                ps.setObject(3, user.value());
                ps.setObject(4, org.value());
                ps.setObject(5, AccountRows.timestamp(now));
                ps.setObject(6, AccountRows.timestamp(session.expiresAt()));
                ps.setObject(7, AccountRows.timestamp(absolute));
                ps.executeUpdate();
            }
            return null;
        });
        return new OpenedSession(session, secret, csrf(secret));
    }

    /** The live session whose cookie holds {@code secret}, its idle expiry pushed back; empty if it ended or never was. */
    public Optional<Session> find(String secret) {
        if (!Secrets.wellFormed(secret)) {
            return Optional.empty();
        }
        String digest = Secrets.digest(secret);
        return db.inTransaction(c -> live(c, digest, AccountRows.now(clock)));
    }

    /** Whether {@code csrfToken} is the CSRF token of the session whose secret is {@code secret}, in constant time. */
    public boolean csrfMatches(String secret, String csrfToken) {
        if (!Secrets.wellFormed(secret) || csrfToken == null) {
            return false;
        }
        return MessageDigest.isEqual(csrf(secret).getBytes(StandardCharsets.US_ASCII),
                csrfToken.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Moves the session into another organization of its user.
     *
     * @throws AccountNotFoundException when the session has ended, or its user is not a member of {@code org}
     */
    public void switchOrganization(String secret, OrganizationId org) {
        Objects.requireNonNull(org, "org");
        if (!Secrets.wellFormed(secret)) {
            throw ended();
        }
        String digest = Secrets.digest(secret);
        db.inTransaction(c -> {
            Session session = live(c, digest, AccountRows.now(clock)).orElseThrow(Sessions::ended);
            requireMembership(c, org, session.user());
            try (PreparedStatement ps = c.prepareStatement("UPDATE sessions SET organization_id = ? WHERE id = ?")) {
                ps.setObject(1, org.value());
                ps.setString(2, session.id());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Ends the session (signs out); an unknown or ended one is left as it is. */
    public void close(String secret) {
        if (!Secrets.wellFormed(secret)) {
            return;
        }
        String digest = Secrets.digest(secret);
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE secret_hash = ?")) {
                ps.setString(1, digest);
                return ps.executeUpdate();
            }
        });
    }

    /** Ends every session of {@code user} (after a password change, or to sign out everywhere). */
    public void closeAll(UserId user) {
        Objects.requireNonNull(user, "user");
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE user_id = ?")) {
                ps.setObject(1, user.value());
                return ps.executeUpdate();
            }
        });
    }

    /** Deletes the rows of ended sessions, which {@link #find} would refuse anyway; answers how many. */
    public int purgeExpired() {
        Instant now = AccountRows.now(clock);
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM sessions WHERE idle_expires_at <= ? OR absolute_expires_at <= ?")) {
                ps.setObject(1, AccountRows.timestamp(now));
                ps.setObject(2, AccountRows.timestamp(now));
                return ps.executeUpdate();
            }
        });
    }

    private Optional<Session> live(Connection c, String digest, Instant now) throws SQLException {
        String id;
        UserId user;
        OrganizationId org;
        Instant created;
        Instant idle;
        Instant absolute;
        boolean member;
        OrganizationId personal;
        try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.user_id, s.organization_id, s.created_at, "
                + "s.idle_expires_at, s.absolute_expires_at, m.role, u.organization_id FROM sessions s "
                + "JOIN users u ON u.id = s.user_id "
                + "LEFT JOIN memberships m ON m.organization_id = s.organization_id AND m.user_id = s.user_id "
                + "WHERE s.secret_hash = ?")) {
            ps.setString(1, digest);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                id = rs.getString(1);
                user = new UserId(rs.getObject(2, UUID.class));
                org = new OrganizationId(rs.getObject(3, UUID.class));
                created = AccountRows.instant(rs, 4).orElseThrow();
                idle = AccountRows.instant(rs, 5).orElseThrow();
                absolute = AccountRows.instant(rs, 6).orElseThrow();
                member = rs.getString(7) != null;
                personal = new OrganizationId(rs.getObject(8, UUID.class));
            }
        }
        if (!now.isBefore(idle) || !now.isBefore(absolute)) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            return Optional.empty();
        }
        OrganizationId current = member ? org : personal;
        Instant slid = earlier(now.plus(idleTimeout), absolute);
        boolean slide = Duration.between(idle, slid).compareTo(slideStep) >= 0;
        if (slide || !current.equals(org)) {
            Instant expiry = slide ? slid : idle;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE sessions SET organization_id = ?, idle_expires_at = ? WHERE id = ?")) {
                ps.setObject(1, current.value());
                ps.setObject(2, AccountRows.timestamp(expiry));
                ps.setString(3, id);
                ps.executeUpdate();
            }
            idle = expiry;
        }
        return Optional.of(new Session(id, user, current, created, idle));
    }

    private static void requireMembership(Connection c, OrganizationId org, UserId user) throws SQLException {
        if (AccountRows.role(c, org, user).isEmpty()) {
            throw new AccountNotFoundException("There is no organization " + org + " among your organizations: "
                    + "choose one you belong to.");
        }
    }

    private static AccountNotFoundException ended() {
        return new AccountNotFoundException("The session has ended: sign in again.");
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String csrf(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return Secrets.base64url(mac.doFinal(CSRF_LABEL));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "Sessions[idle=" + idleTimeout + ", absolute=" + absoluteTimeout + "]";
    }
}
