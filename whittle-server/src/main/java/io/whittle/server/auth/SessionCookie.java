package io.whittle.server.auth;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;

/**
 * The browser session cookie {@value #NAME}: HttpOnly (page scripts cannot read it), SameSite=Lax (other sites'
 * forms and scripts do not send it on unsafe requests), Path=/, and Secure when the server's public URL is https.
 * The CSRF token that unsafe requests must echo in {@value #CSRF_HEADER} is given out at sign-in instead.
 */
public final class SessionCookie {
    public static final String NAME = "whittle_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final boolean secure;

    public SessionCookie(boolean secure) {
        this.secure = secure;
    }

    public boolean secure() {
        return secure;
    }

    /** Sets the cookie to {@code secret} for {@code lifetime}. */
    public void set(Context ctx, String secret, Duration lifetime) {
        ctx.res().addHeader("Set-Cookie", NAME + "=" + secret + "; Path=/; Max-Age=" + Math.max(0, lifetime.toSeconds())
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
    }

    /** Tells the browser to forget the cookie. */
    public void clear(Context ctx) {
        ctx.res().addHeader("Set-Cookie", NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
    }

    /** The session secret the request carries, if any. */
    public static Optional<String> read(Context ctx) {
        String value = ctx.cookie(NAME);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
