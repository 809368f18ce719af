package io.whittle.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A content descriptor: what a manifest says about a blob or another manifest. {@code data} holds
 * embedded content when the descriptor carries it.
 */
public record Descriptor(String mediaType, Digest digest, long size, List<String> urls,
                         Map<String, String> annotations, Optional<Platform> platform,
                         Optional<String> artifactType, Optional<byte[]> data) {

    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (mediaType.isBlank()) {
            throw new OciException("descriptor " + digest + " has an empty mediaType");
        }
        if (size < 0) {
            throw new OciException("descriptor " + digest + " has a negative size " + size);
        }
        urls = List.copyOf(Objects.requireNonNull(urls, "urls"));
        annotations = Map.copyOf(Objects.requireNonNull(annotations, "annotations"));
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(artifactType, "artifactType");
        Objects.requireNonNull(data, "data");
        data = data.map(byte[]::clone);
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, List.of(), Map.of(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** The descriptor of {@code content} with that media type. */
    public static Descriptor of(String mediaType, byte[] content) {
        return of(mediaType, Digest.sha256(content), content.length);
    }

    public Descriptor withPlatform(Platform p) {
        return new Descriptor(mediaType, digest, size, urls, annotations, Optional.of(p), artifactType, data);
    }

    public Descriptor withAnnotations(Map<String, String> a) {
        return new Descriptor(mediaType, digest, size, urls, a, platform, artifactType, data);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Descriptor d)) {
            return false;
        }
        return size == d.size && mediaType.equals(d.mediaType) && digest.equals(d.digest) && urls.equals(d.urls)
                && annotations.equals(d.annotations) && platform.equals(d.platform)
                && artifactType.equals(d.artifactType)
                && data.isPresent() == d.data.isPresent()
                && (data.isEmpty() || java.util.Arrays.equals(data.get(), d.data.get()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(mediaType, digest, size, urls, annotations, platform, artifactType);
    }

    @Override
    public String toString() {
        return mediaType + " " + digest + " (" + size + " bytes)";
    }
}
