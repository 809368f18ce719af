package io.whittle.server.auth;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * Resolves the caller of a request: from {@code Authorization: Bearer <api token>} or from the session cookie, in
 * which case an unsafe method must also carry the session's CSRF token. Empty when the request carries no
 * credentials; throws {@link io.whittle.server.http.ApiProblem} (401, or 403 for a failed CSRF check) when it
 * carries credentials that are wrong, revoked or expired.
 */
public interface Authenticator {
    Optional<Principal> authenticate(Context ctx);
}
