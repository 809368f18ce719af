package io.whittle.platform.account;

import io.whittle.platform.db.Database;
import io.whittle.platform.org.Organization;
import io.whittle.platform.org.OrganizationId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Who belongs to which organization, with which role. Two rules hold whatever the caller asks: an organization that
 * has an owner always keeps at least one, and a personal organization has no member but its user. Changes to one
 * organization's members are serialized by locking its row, so two owners cannot demote each other at once.
 *
 * <p>Whether the acting user may make a change (only owners manage members) is the server's decision, not this
 * class's.
 */
public final class Memberships {
    private final Database db;
    private final Clock clock;

    public Memberships(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A new shared organization with {@code creator} as its owner.
     *
     * @throws InvalidAccountInputException when the slug or name is not acceptable
     * @throws AccountConflictException when the slug is taken by a user or an organization
     * @throws AccountNotFoundException when there is no such user
     */
    public Organization createShared(UserId creator, String slug, String name) {
        Objects.requireNonNull(creator, "creator");
        Organization org;
        try {
            org = new Organization(OrganizationId.random(), slug, name == null ? "" : name.strip(),
                    AccountRows.now(clock));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidAccountInputException(e instanceof NullPointerException
                    ? "An organization needs a slug and a name: give both." : e.getMessage());
        }
        return AccountRows.uniquely(db, c -> {
            if (AccountRows.user(c, creator).isEmpty()) {
                throw AccountStore.notFound(creator);
            }
            if (AccountRows.slugTaken(c, org.slug())) {
                throw slugTaken(org.slug());
            }
            AccountRows.insertOrganization(c, org);
            AccountRows.insertMembership(c, org.id(), creator, Role.OWNER, org.createdAt());
            return org;
        }, () -> slugTaken(org.slug()));
    }

    private static AccountConflictException slugTaken(String slug) {
        return new AccountConflictException("The name '" + slug + "' is taken by another organization or user: "
                + "choose another slug.");
    }

    /** The role of {@code user} in {@code org}; empty when not a member. */
    public Optional<Role> role(OrganizationId org, UserId user) {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(user, "user");
        return db.inTransaction(c -> AccountRows.role(c, org, user));
    }

    /** Whether {@code org} is a user's personal organization (which takes no other members). */
    public boolean isPersonal(OrganizationId org) {
        Objects.requireNonNull(org, "org");
        return db.inTransaction(c -> AccountRows.personal(c, org));
    }

    /** The organizations of {@code user}: the personal one first, then the others by slug. */
    public List<Membership> organizationsOf(UserId user) {
        Objects.requireNonNull(user, "user");
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT o.id, o.slug, o.name, o.created_at, m.role "
                    + "FROM memberships m JOIN organizations o ON o.id = m.organization_id "
                    + "JOIN users u ON u.id = m.user_id WHERE m.user_id = ? "
                    + "ORDER BY CASE WHEN o.id = u.organization_id THEN 0 ELSE 1 END, o.slug")) {
                ps.setObject(1, user.value());
                List<Membership> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Membership(AccountRows.organization(rs, 1), Role.parse(rs.getString(5))));
                    }
                }
                return out;
            }
        });
    }

    /**
     * The members of {@code org} by username.
     *
     * @throws AccountNotFoundException when there is no such organization
     */
    public List<Member> members(OrganizationId org) {
        Objects.requireNonNull(org, "org");
        return db.inTransaction(c -> {
            requireOrganization(c, org, false);
            try (PreparedStatement ps = c.prepareStatement("SELECT " + AccountRows.USER_COLUMNS + ", m.role "
                    + "FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = ? "
                    + "ORDER BY u.username")) {
                ps.setObject(1, org.value());
                List<Member> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Member(AccountRows.user(rs, 1),
                                Role.parse(rs.getString(AccountRows.USER_COLUMN_COUNT + 1))));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Makes the user named {@code username} a member of {@code org} with {@code role}.
     *
     * @throws AccountNotFoundException when there is no such organization or user
     * @throws AccountConflictException when the user is a member already, or {@code org} is personal
     */
    public void add(OrganizationId org, String username, Role role) {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        String name = username.strip().toLowerCase(Locale.ROOT);
        AccountRows.uniquely(db, c -> {
            Organization o = requireOrganization(c, org, true);
            refusePersonal(c, o);
            User user = AccountRows.userByUsername(c, name).orElseThrow(() -> new AccountNotFoundException(
                    "There is no user '" + name + "': check the username."));
            if (AccountRows.role(c, org, user.id()).isPresent()) {
                throw alreadyMember(name, o);
            }
            AccountRows.insertMembership(c, org, user.id(), role, AccountRows.now(clock));
            return null;
        }, () -> alreadyMember(name, null));
    }

    private static AccountConflictException alreadyMember(String username, Organization org) {
        return new AccountConflictException("'" + username + "' is a member of "
                + (org == null ? "this organization" : "'" + org.slug() + "'")
                + " already: change their role instead.");
    }

    /**
     * Gives a member another role.
     *
     * @throws AccountNotFoundException when there is no such organization or the user is not a member
     * @throws AccountConflictException when that would leave the organization without an owner
     */
    public void changeRole(OrganizationId org, UserId user, Role role) {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
        db.inTransaction(c -> {
            Organization o = requireOrganization(c, org, true);
            Role current = requireMember(c, o, user);
            if (current == role) {
                return null;
            }
            if (current == Role.OWNER) {
                refuseLastOwner(c, o);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE memberships SET role = ? WHERE organization_id = ? AND user_id = ?")) {
                ps.setString(1, role.id());
                ps.setObject(2, org.value());
                ps.setObject(3, user.value());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Removes a member. Their API tokens for {@code org} stop working at once; their sessions in it move to their
     * personal organization.
     *
     * @throws AccountNotFoundException when there is no such organization or the user is not a member
     * @throws AccountConflictException when the user is the organization's last owner
     */
    public void remove(OrganizationId org, UserId user) {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(user, "user");
        db.inTransaction(c -> {
            Organization o = requireOrganization(c, org, true);
            Role current = requireMember(c, o, user);
            if (current == Role.OWNER) {
                refuseLastOwner(c, o);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM memberships WHERE organization_id = ? AND user_id = ?")) {
                ps.setObject(1, org.value());
                ps.setObject(2, user.value());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The organization, its row locked when {@code lock} so that member changes to it run one at a time. */
    private static Organization requireOrganization(Connection c, OrganizationId org, boolean lock)
            throws SQLException {
        return AccountRows.organization(c, org, lock).orElseThrow(() -> new AccountNotFoundException(
                "There is no organization " + org + ": check the organization id."));
    }

    private static Role requireMember(Connection c, Organization org, UserId user) throws SQLException {
        return AccountRows.role(c, org.id(), user).orElseThrow(() -> new AccountNotFoundException(
                "User " + user + " is not a member of '" + org.slug() + "': check the user id."));
    }

    private static void refusePersonal(Connection c, Organization org) throws SQLException {
        if (AccountRows.personal(c, org.id())) {
            throw new AccountConflictException("'" + org.slug() + "' is a personal organization and takes no other "
                    + "members: create a shared organization to work with others.");
        }
    }

    private static void refuseLastOwner(Connection c, Organization org) throws SQLException {
        if (AccountRows.personal(c, org.id())) {
            throw new AccountConflictException("'" + org.slug() + "' is a personal organization and always keeps its "
                    + "owner: leave it as it is.");
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM memberships WHERE organization_id = ? AND role = ?")) {
            ps.setObject(1, org.id().value());
            ps.setString(2, Role.OWNER.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) <= 1) {
                    throw new AccountConflictException("This is the last owner of '" + org.slug() + "': make another "
                            + "member an owner first.");
                }
            }
        }
    }
}
