package io.whittle.platform.account;

import java.util.Objects;

/**
 * A session just opened: the secret goes into the session cookie, the CSRF token into the pages (and comes back in
 * a header with every unsafe request). Neither is stored; both are only shown here.
 */
public record OpenedSession(Session session, String secret, String csrfToken) {
    public OpenedSession {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(csrfToken, "csrfToken");
    }

    /** Never shows the secret or the CSRF token. */
    @Override
    public String toString() {
        return "OpenedSession[session=" + session + ", secret=***, csrfToken=***]";
    }
}
