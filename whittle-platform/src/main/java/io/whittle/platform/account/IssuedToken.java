package io.whittle.platform.account;

import java.util.Objects;

/** A token just created, with its secret: the only time the secret exists outside the caller's hands. */
public record IssuedToken(ApiToken token, String secret) {
    public IssuedToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(secret, "secret");
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "IssuedToken[token=" + token + ", secret=***]";
    }
}
