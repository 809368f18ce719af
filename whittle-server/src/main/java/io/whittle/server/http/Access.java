package io.whittle.server.http;

/** Who may call a route; checked before the handler runs, and written into the OpenAPI document. */
public enum Access {
    /** No credentials: health, sign-in, first-start setup, the API document. */
    PUBLIC,
    /** Any member of the caller's organization, viewers included: reads. */
    READ,
    /** Owners and members: creating, changing and deleting the organization's resources, submitting jobs. */
    WRITE,
    /** Owners: the organization's members and roles. */
    MANAGE,
    /** Server administrators: metrics and server-wide settings. */
    ADMIN
}
