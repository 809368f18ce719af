package io.whittle.connector;

import io.whittle.oci.Digest;
import io.whittle.oci.Platform;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A tag and what the provider tells about the image it names.
 *
 * @param digest    the manifest's digest
 * @param mediaType the manifest's media type
 * @param platforms the platforms of the image (several for an index)
 * @param size      the image's size in bytes as the provider counts it (usually the compressed layers)
 * @param updatedAt when the tag was last pushed
 */
public record TagInfo(String name, Optional<Digest> digest, Optional<String> mediaType, List<Platform> platforms,
                      OptionalLong size, Optional<Instant> updatedAt) {
    public TagInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(mediaType, "mediaType");
        platforms = List.copyOf(platforms);
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public static TagInfo named(String name) {
        return new TagInfo(name, Optional.empty(), Optional.empty(), List.of(), OptionalLong.empty(), Optional.empty());
    }
}
