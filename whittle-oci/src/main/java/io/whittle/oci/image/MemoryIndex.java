package io.whittle.oci.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.oci.Image;
import io.whittle.oci.ImageIndex;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.Json;
import io.whittle.oci.Manifest;
import io.whittle.oci.Platform;
import io.whittle.oci.transfer.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An index held in memory, as a value, over {@link MemoryImage}s and nested {@code MemoryIndex}es. It serves
 * its own manifest, every descendant manifest by digest and every descendant blob, as an {@link ImageSource}.
 */
public final class MemoryIndex implements ImageIndex, ImageSource {

    /** A listed child: the image or index, and the descriptor the index lists for it. */
    private record Child(Object value, Descriptor descriptor) {
    }

    private final MemoryImage.Format format;
    private final List<Child> children;
    private final Map<String, String> annotations;
    private final IndexManifest manifest;

    private MemoryIndex(MemoryImage.Format format, List<Child> children, Map<String, String> annotations) {
        this.format = format;
        this.children = List.copyOf(children);
        this.annotations = Map.copyOf(annotations);
        this.manifest = (IndexManifest) Manifest.parse(write(), Optional.empty());
    }

    /** An empty OCI index or Docker manifest list. */
    public static MemoryIndex empty(MemoryImage.Format format) {
        return new MemoryIndex(Objects.requireNonNull(format, "format"), List.of(), Map.of());
    }

    /** Lists an image under the platform of its config. */
    public MemoryIndex withImage(MemoryImage image) {
        return withImage(image, Optional.of(image.platform()), Map.of());
    }

    /**
     * Lists an image with the given platform (or none) and annotations: an attestation manifest, for instance,
     * is listed as {@code unknown/unknown} with {@code vnd.docker.reference.*} annotations.
     */
    public MemoryIndex withImage(MemoryImage image, Optional<Platform> platform, Map<String, String> childAnnotations) {
        Descriptor d = Descriptor.of(image.manifest().mediaType(), image.manifest().raw()).withAnnotations(childAnnotations);
        if (platform.isPresent()) {
            d = d.withPlatform(platform.get());
        }
        return with(new Child(image, d));
    }

    /** Lists a nested index. */
    public MemoryIndex withIndex(MemoryIndex nested) {
        return with(new Child(nested, Descriptor.of(nested.manifest.mediaType(), nested.manifest.raw())));
    }

    public MemoryIndex withAnnotations(Map<String, String> a) {
        return new MemoryIndex(format, children, a);
    }

    private MemoryIndex with(Child c) {
        List<Child> more = new ArrayList<>(children);
        more.add(c);
        return new MemoryIndex(format, more, annotations);
    }

    /** The descriptor a parent index lists for this index. */
    public Descriptor descriptor() {
        return Descriptor.of(manifest.mediaType(), manifest.raw());
    }

    // ---- ImageIndex

    @Override
    public IndexManifest manifest() {
        return manifest;
    }

    @Override
    public Image image(Descriptor child) throws IOException {
        if (find(child.digest()) instanceof MemoryImage image) {
            return image;
        }
        throw notFound("image", child.digest().toString());
    }

    @Override
    public ImageIndex index(Descriptor child) throws IOException {
        if (find(child.digest()) instanceof MemoryIndex index) {
            return index;
        }
        throw notFound("index", child.digest().toString());
    }

    /** The image or index with that manifest digest, this one or any descendant; null when there is none. */
    private Object find(Digest digest) {
        if (manifest.digest().equals(digest)) {
            return this;
        }
        for (Child c : children) {
            if (c.descriptor().digest().equals(digest)) {
                return c.value();
            }
            if (c.value() instanceof MemoryIndex nested) {
                Object found = nested.find(digest);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    // ---- ImageSource

    @Override
    public String describe() {
        return "memory index " + manifest.digest().shortForm();
    }

    /** Its own manifest for any tag or its digest; a descendant's manifest for that one's digest. */
    @Override
    public Manifest manifest(String tagOrDigest) throws IOException {
        if (!Digest.isDigest(tagOrDigest)) {
            return manifest;
        }
        Object found = find(Digest.parse(tagOrDigest));
        return switch (found) {
            case MemoryIndex i -> i.manifest;
            case MemoryImage i -> i.manifest();
            case null, default -> throw notFound("manifest", tagOrDigest);
        };
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        for (Child c : children) {
            if (c.value() instanceof MemoryImage image && image.blob(blob.digest()).isPresent()) {
                return image.openBlob(blob);
            }
            if (c.value() instanceof MemoryIndex nested) {
                try {
                    return nested.openBlob(blob);
                } catch (AccessException e) {
                    if (e.failure() != Failure.NOT_FOUND) {
                        throw e;
                    }
                }
            }
        }
        throw notFound("blob", blob.digest().toString());
    }

    private AccessException notFound(String what, String digest) {
        return new AccessException(Failure.NOT_FOUND, "read " + what, digest, "the " + what + " " + digest
                + " is not in " + describe());
    }

    private byte[] write() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", format.indexType);
        ArrayNode list = root.putArray("manifests");
        children.forEach(c -> list.add(Json.toJson(c.descriptor())));
        Json.putAnnotations(root, annotations);
        return Json.bytes(root);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemoryIndex m && m.manifest.equals(manifest);
    }

    @Override
    public int hashCode() {
        return manifest.hashCode();
    }

    @Override
    public String toString() {
        return "MemoryIndex[" + children.size() + " manifests, " + manifest.digest().shortForm() + "]";
    }
}
