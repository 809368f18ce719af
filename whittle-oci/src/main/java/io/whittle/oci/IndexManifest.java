package io.whittle.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An OCI image index or a Docker manifest list. */
public record IndexManifest(String mediaType, List<Descriptor> manifests, Optional<Descriptor> subject,
                            Optional<String> artifactType, Map<String, String> annotations, byte[] raw)
        implements Manifest {

    public IndexManifest {
        Objects.requireNonNull(mediaType, "mediaType");
        manifests = List.copyOf(manifests);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(artifactType, "artifactType");
        annotations = Map.copyOf(annotations);
        raw = raw.clone();
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** The entries that describe runnable images (not attestations or other artifacts), with their platforms. */
    public List<Descriptor> images() {
        return manifests.stream()
                .filter(d -> d.platform().isPresent())
                .filter(d -> !"unknown".equals(d.platform().get().os()))
                .toList();
    }

    /**
     * The entry for {@code wanted}. An entry whose variant equals the wanted one (defaults filled in, so
     * linux/arm64 and linux/arm64/v8 are the same) is preferred; otherwise the first entry that satisfies it.
     * Entries without a platform, or with os {@code unknown} (attestations), are never chosen.
     *
     * @throws PlatformNotFoundException naming the platforms the index does offer
     */
    public Descriptor select(Platform wanted) {
        Descriptor fallback = null;
        for (Descriptor d : images()) {
            Platform p = d.platform().orElseThrow();
            if (wanted.satisfiedBy(p)) {
                if (p.normalVariant().equals(wanted.normalVariant())) {
                    return d;
                }
                if (fallback == null) {
                    fallback = d;
                }
            }
        }
        if (fallback != null) {
            return fallback;
        }
        List<String> offered = images().stream().map(d -> d.platform().orElseThrow().toString()).distinct().toList();
        throw new PlatformNotFoundException("the index has no image for " + wanted + (offered.isEmpty()
                ? " and names no platform at all: copy it whole with --all-platforms"
                : "; it offers " + String.join(", ", offered) + ": choose one of those with --platform"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexManifest m && java.util.Arrays.equals(raw, m.raw);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "IndexManifest[" + mediaType + ", " + manifests.size() + " manifests]";
    }
}
