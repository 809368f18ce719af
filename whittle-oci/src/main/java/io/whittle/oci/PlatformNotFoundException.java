package io.whittle.oci;

/** An index has no image for the platform asked for. */
public final class PlatformNotFoundException extends OciException {
    public PlatformNotFoundException(String message) {
        super(message);
    }
}
