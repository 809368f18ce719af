package io.whittle.oci;

/** A manifest Whittle does not read (Docker schema 1) or JSON that is no manifest at all. */
public final class UnsupportedManifestException extends OciException {
    public UnsupportedManifestException(String message) {
        super(message);
    }
}
