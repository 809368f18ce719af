package io.whittle.oci;

import java.util.Optional;

/**
 * A manifest as fetched: an image manifest or an index. The exact bytes it was parsed from are kept,
 * so that copying it never changes its digest.
 */
public sealed interface Manifest permits ImageManifest, IndexManifest {

    String mediaType();

    /** The bytes this manifest was parsed from; a copy, never re-serialized. */
    byte[] raw();

    /** sha256 of {@link #raw()}. */
    default Digest digest() {
        return Digest.sha256(raw());
    }

    Optional<Descriptor> subject();

    /** Parses any of the four manifest types; {@code contentType} is the header the registry sent, when any. */
    static Manifest parse(byte[] raw, Optional<String> contentType) {
        return ManifestParser.parse(raw, contentType);
    }
}
