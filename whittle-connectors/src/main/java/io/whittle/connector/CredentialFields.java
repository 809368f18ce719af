package io.whittle.connector;

import java.util.Objects;

/**
 * Which form fields a connection's credential comes from, so that a refusal during the check names the field to
 * fix.
 *
 * @param secret the field holding the secret a refusal concerns, e.g. {@code token}
 * @param label  how messages name the credential, e.g. "personal access token"
 * @param host   the field naming where the connection goes, for failures to reach it
 */
public record CredentialFields(String secret, String label, String host) {
    public CredentialFields {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(host, "host");
    }
}
