package io.whittle.platform.account;

import io.whittle.platform.org.OrganizationId;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A local account. It holds no credential: the password hash stays in the store, so a user can be logged,
 * serialized and returned by the API as it is.
 *
 * @param personalOrganization the organization created with the user, whose slug is the username and which has no
 *        other member
 * @param admin whether the user administers the whole server (not only organizations they own)
 */
public record User(UserId id, String username, String displayName, OrganizationId personalOrganization, boolean admin,
                   Instant createdAt) {
    /** 2 to 39 characters, lowercase letters, digits and inner hyphens: also a valid organization slug. */
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,37}[a-z0-9]");
    static final int MAX_DISPLAY_NAME = 200;

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(personalOrganization, "personalOrganization");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Refuses a username that is not 2 to 39 lowercase letters, digits and inner hyphens. */
    public static String checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidAccountInputException("A username must be 2 to 39 lowercase letters, digits and inner "
                    + "hyphens, such as 'ada' or 'ada-lovelace'.");
        }
        return username;
    }

    /** The display name to store: {@code displayName} stripped, or the username when it is empty. */
    static String checkDisplayName(String displayName, String username) {
        String name = displayName == null ? "" : displayName.strip();
        if (name.isEmpty()) {
            return username;
        }
        if (name.length() > MAX_DISPLAY_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidAccountInputException("A display name must be at most " + MAX_DISPLAY_NAME
                    + " printable characters.");
        }
        return name;
    }
}
