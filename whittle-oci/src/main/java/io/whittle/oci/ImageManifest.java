package io.whittle.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An OCI image manifest or a Docker schema 2 manifest. */
public record ImageManifest(String mediaType, Descriptor config, List<Descriptor> layers,
                            Optional<Descriptor> subject, Optional<String> artifactType,
                            Map<String, String> annotations, byte[] raw) implements Manifest {

    public ImageManifest {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(artifactType, "artifactType");
        annotations = Map.copyOf(annotations);
        raw = raw.clone();
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** Sum of the config and layer sizes: what a registry stores for this image. */
    public long totalSize() {
        return config.size() + layers.stream().mapToLong(Descriptor::size).sum();
    }

    /** Every blob the manifest references: the config, then the layers. */
    public List<Descriptor> blobs() {
        var all = new java.util.ArrayList<Descriptor>(layers.size() + 1);
        all.add(config);
        all.addAll(layers);
        return all;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageManifest m && java.util.Arrays.equals(raw, m.raw);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "ImageManifest[" + mediaType + ", " + layers.size() + " layers]";
    }
}
