package io.whittle.testkit;

/** How a {@link RegistryServer} authenticates clients. */
public enum AuthMode {
    /** Anyone may push and pull. */
    NONE,
    /** HTTP Basic against an htpasswd file (bcrypt entries). */
    BASIC,
    /** Bearer tokens minted by a {@link TokenIssuer} and verified through its certificate. */
    TOKEN
}
