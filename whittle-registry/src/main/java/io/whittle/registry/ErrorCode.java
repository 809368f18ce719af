package io.whittle.registry;

import java.util.Optional;

/** The error codes of the OCI distribution spec (and Docker's {@code TOOMANYREQUESTS}). */
public enum ErrorCode {
    BLOB_UNKNOWN,
    BLOB_UPLOAD_INVALID,
    BLOB_UPLOAD_UNKNOWN,
    DIGEST_INVALID,
    MANIFEST_BLOB_UNKNOWN,
    MANIFEST_INVALID,
    MANIFEST_UNKNOWN,
    NAME_INVALID,
    NAME_UNKNOWN,
    SIZE_INVALID,
    UNAUTHORIZED,
    DENIED,
    UNSUPPORTED,
    TOOMANYREQUESTS;

    /** The known code named {@code code}, case-insensitively. */
    public static Optional<ErrorCode> of(String code) {
        if (code == null) {
            return Optional.empty();
        }
        for (ErrorCode c : values()) {
            if (c.name().equalsIgnoreCase(code.strip())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
