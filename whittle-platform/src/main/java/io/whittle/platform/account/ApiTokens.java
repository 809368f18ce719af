package io.whittle.platform.account;

import io.whittle.platform.db.Database;
import io.whittle.platform.org.OrganizationId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * API tokens for the CLI and automation: each acts as one user in one organization. The secret
 * ({@code wht_} and 43 base64url characters of 32 random bytes) is shown once and stored only as its SHA-256, so the
 * database cannot give it back. A token is honoured only while it is neither revoked nor expired and its user is
 * still a member of its organization, with the role the user has there at that moment.
 */
public final class ApiTokens {
    /** Marks Whittle tokens, so that secret scanners and people recognise one in a log or a paste. */
    public static final String PREFIX = "wht_";
    private static final int DISPLAY_CHARS = 8;
    private static final int MAX_NAME = 100;
    /** How stale {@link ApiToken#lastUsedAt()} may be: a busy token is not written on every request. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private static final String COLUMNS = "t.id, t.user_id, t.organization_id, t.name, t.display_prefix, "
            + "t.created_at, t.expires_at, t.last_used_at, t.revoked_at";

    private final Database db;
    private final Clock clock;

    public ApiTokens(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A new token for {@code user} in {@code org}; the returned secret is never available again.
     *
     * @throws InvalidAccountInputException when the name is empty or too long, or the expiry is not in the future
     * @throws AccountNotFoundException when the user is not a member of {@code org}
     */
    public IssuedToken create(UserId user, OrganizationId org, String name, Optional<Instant> expiresAt) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(expiresAt, "expiresAt");
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > MAX_NAME || label.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidAccountInputException("A token name must be 1 to " + MAX_NAME + " printable characters, "
                    + "such as 'laptop CLI'.");
        }
        Instant now = AccountRows.now(clock);
        Optional<Instant> expiry = expiresAt.map(AccountRows::truncated);
        if (expiry.isPresent() && !expiry.get().isAfter(now)) {
            throw new InvalidAccountInputException("The token's expiry " + expiry.get() + " is not in the future: "
                    + "choose a later time or none.");
        }
        String random = Secrets.random();
        String secret = PREFIX + random;
        ApiToken token = new ApiToken(UUID.randomUUID(), user, org, label,
                PREFIX + random.substring(0, DISPLAY_CHARS), now, expiry, Optional.empty(), Optional.empty());
        db.inTransaction(c -> {
            if (AccountRows.role(c, org, user).isEmpty()) {
                throw new AccountNotFoundException("There is no organization " + org + " among the user's "
                        + "organizations: choose one the user belongs to.");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_tokens (id, user_id, organization_id, "
                    + "name, secret_hash, display_prefix, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setObject(1, token.id());
                ps.setObject(2, user.value());
                ps.setObject(3, org.value());
                ps.setString(4, token.name());
                ps.setString(5, Secrets.digest(secret));
                ps.setString(6, token.displayPrefix());
                ps.setObject(7, AccountRows.timestamp(now));
                AccountRows.setInstant(ps, 8, expiry);
                ps.executeUpdate();
            }
            return null;
        });
        return new IssuedToken(token, secret);
    }

    /** The tokens of {@code user}, revoked and expired ones included, oldest first. */
    public List<ApiToken> list(UserId user) {
        Objects.requireNonNull(user, "user");
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_tokens t "
                    + "WHERE t.user_id = ? ORDER BY t.created_at, t.id")) {
                ps.setObject(1, user.value());
                List<ApiToken> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(token(rs, 1));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Revokes a token of {@code owner}; revoking it again changes nothing.
     *
     * @throws AccountNotFoundException when {@code owner} has no such token (whether or not another user has)
     */
    public void revoke(UserId owner, UUID tokenId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(tokenId, "tokenId");
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) "
                    + "WHERE id = ? AND user_id = ?")) {
                ps.setObject(1, AccountRows.timestamp(AccountRows.now(clock)));
                ps.setObject(2, tokenId);
                ps.setObject(3, owner.value());
                if (ps.executeUpdate() != 1) {
                    throw new AccountNotFoundException("There is no API token " + tokenId + " of yours: list your "
                            + "tokens to see their ids.");
                }
            }
            return null;
        });
    }

    /**
     * Who a request bearing {@code secret} acts as; empty when the secret is unknown, revoked or expired, or its user
     * is no longer a member of its organization.
     */
    public Optional<TokenPrincipal> verify(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || !Secrets.wellFormed(secret.substring(PREFIX.length()))) {
            return Optional.empty();
        }
        String digest = Secrets.digest(secret);
        Instant now = AccountRows.now(clock);
        return db.inTransaction(c -> {
            Optional<TokenPrincipal> principal = principal(c, digest, now);
            if (principal.isPresent()) {
                touch(c, principal.get().tokenId(), now);
            }
            return principal;
        });
    }

    private static Optional<TokenPrincipal> principal(Connection c, String digest, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", m.role, " + AccountRows.USER_COLUMNS
                + " FROM api_tokens t JOIN users u ON u.id = t.user_id "
                + "JOIN memberships m ON m.organization_id = t.organization_id AND m.user_id = t.user_id "
                + "WHERE t.secret_hash = ?")) {
            ps.setString(1, digest);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                ApiToken token = token(rs, 1);
                if (!token.activeAt(now)) {
                    return Optional.empty();
                }
                return Optional.of(new TokenPrincipal(AccountRows.user(rs, 11), token.organization(),
                        Role.parse(rs.getString(10)), token.id()));
            }
        }
    }

    /** Records the use, unless it was recorded less than {@link #LAST_USED_RESOLUTION} ago. */
    private static void touch(Connection c, UUID id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE api_tokens SET last_used_at = ? "
                + "WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)")) {
            ps.setObject(1, AccountRows.timestamp(now));
            ps.setObject(2, id);
            ps.setObject(3, AccountRows.timestamp(now.minus(LAST_USED_RESOLUTION)));
            ps.executeUpdate();
        }
    }

    private static ApiToken token(ResultSet rs, int first) throws SQLException {
        return new ApiToken(rs.getObject(first, UUID.class), new UserId(rs.getObject(first + 1, UUID.class)),
                new OrganizationId(rs.getObject(first + 2, UUID.class)), rs.getString(first + 3),
                rs.getString(first + 4), AccountRows.instant(rs, first + 5).orElseThrow(),
                AccountRows.instant(rs, first + 6), AccountRows.instant(rs, first + 7),
                AccountRows.instant(rs, first + 8));
    }
}
