package io.whittle.server.api.account;

import java.time.Instant;

/**
 * A browser session just opened: the cookie is set on the response; {@code csrfToken} must come back in the
 * {@code X-CSRF-Token} header of every POST, PUT, PATCH and DELETE made with the cookie.
 */
public record SessionBody(String csrfToken, Instant expiresAt, MeBody me) {
    @Override
    public String toString() {
        return "SessionBody[csrfToken=****, expiresAt=" + expiresAt + ", me=" + me + "]";
    }
}
