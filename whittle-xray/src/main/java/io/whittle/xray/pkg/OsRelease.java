package io.whittle.xray.pkg;

import java.util.Objects;
import java.util.Optional;

/**
 * The distribution, from os-release ({@code ID}, {@code VERSION_ID}, {@code PRETTY_NAME}, {@code ID_LIKE},
 * {@code VERSION_CODENAME}).
 */
public record OsRelease(String id, Optional<String> versionId, Optional<String> prettyName, Optional<String> idLike,
                        Optional<String> codename) {
    public OsRelease {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(prettyName, "prettyName");
        Objects.requireNonNull(idLike, "idLike");
        Objects.requireNonNull(codename, "codename");
    }

    /** The purl {@code distro} qualifier, e.g. {@code debian-12}, or just the id without a version. */
    public String distroQualifier() {
        return versionId.map(v -> id + "-" + v).orElse(id);
    }
}
