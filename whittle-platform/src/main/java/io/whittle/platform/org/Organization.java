package io.whittle.platform.org;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/** A tenant: connectors, reports and jobs belong to one. The slug is its short unique name. */
public record Organization(OrganizationId id, String slug, String name, Instant createdAt) {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

    public Organization {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        checkSlug(slug);
        checkName(name);
    }

    static void checkSlug(String slug) {
        Objects.requireNonNull(slug, "slug");
        if (!SLUG.matcher(slug).matches()) {
            throw new IllegalArgumentException("'" + slug + "' is not an organization slug: use 1 to 64 lowercase "
                    + "letters, digits and inner hyphens, such as 'platform-team'.");
        }
    }

    static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("An organization name must be 1 to 200 printable characters.");
        }
    }
}
