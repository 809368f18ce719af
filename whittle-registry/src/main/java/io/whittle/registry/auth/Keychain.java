package io.whittle.registry.auth;

import java.io.IOException;
import java.util.List;

/**
 * Finds the credential for a registry host. A keychain that does not own a host answers
 * {@link Credential#ANONYMOUS}; {@link #chain} asks several in turn.
 */
@FunctionalInterface
public interface Keychain {

    /** Answers anonymous for every host. */
    Keychain ANONYMOUS = host -> Credential.ANONYMOUS;

    /**
     * The credential for {@code registryHost}, exactly as it appears in image references ({@code docker.io},
     * {@code ghcr.io}, {@code 127.0.0.1:5000}); matched exactly, never by prefix.
     *
     * @throws IOException when the keychain owns the host but could not read the credential (say, a failing
     *                     credential helper)
     */
    Credential resolve(String registryHost) throws IOException;

    /** The first non-anonymous answer of {@code keychains}, in order; anonymous when none has one. */
    static Keychain chain(Keychain... keychains) {
        List<Keychain> all = List.of(keychains);
        return host -> {
            for (Keychain k : all) {
                Credential c = k.resolve(host);
                if (c != null && !c.isAnonymous()) {
                    return c;
                }
            }
            return Credential.ANONYMOUS;
        };
    }
}
