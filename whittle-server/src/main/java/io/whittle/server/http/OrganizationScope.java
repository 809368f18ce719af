package io.whittle.server.http;

import io.javalin.http.Context;
import io.whittle.server.auth.Principal;
import java.util.Optional;

/**
 * For routes that name an organization in their path ({@code /organizations/{slug}/…}): the caller re-scoped to
 * that organization with their role there, or empty when they may not see it (not a member, or an API token of
 * another organization), which {@link Routes} answers with 404 before checking the route's access.
 */
@FunctionalInterface
public interface OrganizationScope {
    Optional<Principal> resolve(Context ctx, Principal caller);
}
