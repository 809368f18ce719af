package io.whittle.server.api.registry;

import io.whittle.connector.TagInfo;
import io.whittle.oci.Digest;
import io.whittle.oci.Platform;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A tag and what the provider tells about the image it names, as {@code whittle images --connector ID REPO -o json}
 * lists it.
 *
 * @param digest    the manifest's digest
 * @param mediaType the manifest's media type
 * @param platforms {@code os/arch[/variant]} of the image, several for an index
 * @param size      the image's size in bytes as the provider counts it (usually the compressed layers)
 * @param updatedAt when the tag was last pushed
 */
public record TagBody(String name, Optional<String> digest, Optional<String> mediaType, List<String> platforms,
                      Optional<Long> size, Optional<Instant> updatedAt) {
    static TagBody of(TagInfo t) {
        return new TagBody(t.name(), t.digest().map(Digest::toString), t.mediaType(),
                t.platforms().stream().map(Platform::toString).toList(),
                t.size().isPresent() ? Optional.of(t.size().getAsLong()) : Optional.empty(), t.updatedAt());
    }
}
