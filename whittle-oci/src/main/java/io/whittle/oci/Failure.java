package io.whittle.oci;

/** What kind of failure an {@link AccessException} is; front ends turn it into an exit code or HTTP status. */
public enum Failure {
    /** The repository, tag, manifest or blob does not exist. */
    NOT_FOUND,
    /** No credential, or the credential was refused. */
    UNAUTHORIZED,
    /** The credential is valid but lacks the permission. */
    DENIED,
    /** The input is malformed (reference, platform, manifest). */
    INVALID,
    /** The content is of a kind Whittle does not handle (schema 1, unknown media type). */
    UNSUPPORTED,
    /** Content does not match its digest or size. */
    CORRUPT,
    /** The registry asked us to slow down and retries ran out. */
    RATE_LIMITED,
    /** The registry or network failed (5xx, timeouts, refused connections) and retries ran out. */
    UNAVAILABLE,
    /** The outbound address policy refused the destination. */
    BLOCKED,
    /** Anything else. */
    OTHER
}
