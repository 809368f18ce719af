package io.whittle.oci.transfer;

import java.util.Objects;

/**
 * How {@link ImageCopier} copies.
 *
 * @param platforms         which images of an index to take
 * @param parallelism       how many blobs move at once, at least 1
 * @param listener          hears progress, from several threads
 * @param copyForeignLayers whether non-distributable layers that name {@code urls} are copied too; by
 *                          default they are left out, as skopeo does, and clients fetch them from their urls
 */
public record CopyOptions(PlatformChoice platforms, int parallelism, CopyListener listener, boolean copyForeignLayers) {

    public static final int DEFAULT_PARALLELISM = 4;

    public CopyOptions {
        Objects.requireNonNull(platforms, "platforms");
        Objects.requireNonNull(listener, "listener");
        if (parallelism < 1 || parallelism > 64) {
            throw new IllegalArgumentException("parallelism must be between 1 and 64, not " + parallelism);
        }
    }

    /** The host's platform from an index, 4 blobs at a time, no listener, foreign layers left out. */
    public static CopyOptions defaults() {
        return new CopyOptions(PlatformChoice.HOST, DEFAULT_PARALLELISM, CopyListener.NONE, false);
    }

    public CopyOptions withPlatforms(PlatformChoice p) {
        return new CopyOptions(p, parallelism, listener, copyForeignLayers);
    }

    public CopyOptions withParallelism(int n) {
        return new CopyOptions(platforms, n, listener, copyForeignLayers);
    }

    public CopyOptions withListener(CopyListener l) {
        return new CopyOptions(platforms, parallelism, l, copyForeignLayers);
    }

    public CopyOptions withForeignLayers(boolean copy) {
        return new CopyOptions(platforms, parallelism, listener, copy);
    }
}
