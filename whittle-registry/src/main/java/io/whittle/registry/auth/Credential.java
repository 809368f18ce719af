package io.whittle.registry.auth;

import java.util.Objects;

/**
 * What a keychain answers for a registry. Secrets are write-only: no {@code toString()} here shows one.
 */
public sealed interface Credential permits Credential.Anonymous, Credential.Basic, Credential.IdentityToken,
        Credential.RegistryToken {

    /** No credential: public access only. */
    Credential ANONYMOUS = new Anonymous();

    default boolean isAnonymous() {
        return this instanceof Anonymous;
    }

    /** No credential. */
    record Anonymous() implements Credential {
        @Override
        public String toString() {
            return "Anonymous";
        }
    }

    /** A user name and a password or access token, sent as HTTP Basic to the registry or its token service. */
    record Basic(String username, String secret) implements Credential {
        public Basic {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(secret, "secret");
            if (username.isEmpty()) {
                throw new IllegalArgumentException("a Basic credential needs a user name");
            }
            if (username.indexOf(':') >= 0) {
                throw new IllegalArgumentException("a user name for HTTP Basic cannot contain ':'");
            }
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", secret=****]";
        }
    }

    /** An OAuth2 refresh token ({@code identitytoken} in Docker's config), exchanged at the token service. */
    record IdentityToken(String token) implements Credential {
        public IdentityToken {
            Objects.requireNonNull(token, "token");
            if (token.isEmpty()) {
                throw new IllegalArgumentException("an identity token cannot be empty");
            }
        }

        @Override
        public String toString() {
            return "IdentityToken[****]";
        }
    }

    /** A bearer token sent to the registry as it is ({@code registrytoken} in Docker's config). */
    record RegistryToken(String token) implements Credential {
        public RegistryToken {
            Objects.requireNonNull(token, "token");
            if (token.isEmpty()) {
                throw new IllegalArgumentException("a registry token cannot be empty");
            }
        }

        @Override
        public String toString() {
            return "RegistryToken[****]";
        }
    }
}
