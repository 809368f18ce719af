package io.whittle.server.api.account;

import io.whittle.platform.account.Role;
import io.whittle.platform.org.Organization;
import java.time.Instant;

/**
 * An organization the caller belongs to, with the caller's role in it; {@code personal} is the caller's own
 * organization, which has no other member.
 */
public record OrganizationBody(String id, String slug, String name, boolean personal, Role role, Instant createdAt) {
    public static OrganizationBody of(Organization org, Role role, boolean personal) {
        return new OrganizationBody(org.id().toString(), org.slug(), org.name(), personal, role, org.createdAt());
    }
}
