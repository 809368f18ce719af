package io.whittle.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and password for a test registry or token issuer. {@link #toString()} never shows the
 * password, so credentials can appear in assertion messages without leaking.
 */
public record Credentials(String username, String password) {

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty() || username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a user name must be non-empty and contain no ':', got '" + username + "'");
        }
    }

    /** The same as the constructor, shorter to read in tests. */
    public static Credentials of(String username, String password) {
        return new Credentials(username, password);
    }

    /** The value of an {@code Authorization: Basic …} header for these credentials. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code user:password}, as skopeo's {@code --creds} takes it. */
    public String colonPair() {
        return username + ":" + password;
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ", ****]";
    }
}
