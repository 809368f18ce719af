package io.whittle.platform.org;

import java.util.Objects;
import java.util.UUID;

/** The id of an organization, the tenant that owns connectors and every other row. */
public record OrganizationId(UUID value) {
    /** The organization of the CLI's local mode; created by the first migration. */
    public static final OrganizationId LOCAL = new OrganizationId(UUID.fromString("00000000-0000-0000-0000-000000000001"));

    public OrganizationId {
        Objects.requireNonNull(value, "organization id");
    }

    public static OrganizationId random() {
        return new OrganizationId(UUID.randomUUID());
    }

    public static OrganizationId parse(String text) {
        try {
            return new OrganizationId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an organization id: expected a UUID such as "
                    + LOCAL.value() + ".");
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
