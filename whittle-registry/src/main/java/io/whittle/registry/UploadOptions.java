package io.whittle.registry;

/**
 * How a blob is uploaded.
 *
 * @param mode      the upload protocol
 * @param chunkSize bytes per PATCH for {@link Mode#CHUNKED}; raised to the registry's
 *                  {@code OCI-Chunk-Min-Length} when that is larger
 */
public record UploadOptions(Mode mode, long chunkSize) {

    /** Monolithic: the fast path for a blob of known size, and the default. */
    public static final UploadOptions DEFAULT = new UploadOptions(Mode.MONOLITHIC, 16L * 1024 * 1024);

    public UploadOptions {
        java.util.Objects.requireNonNull(mode, "mode");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("the chunk size must be positive, not " + chunkSize);
        }
    }

    public static UploadOptions chunked(long chunkSize) {
        return new UploadOptions(Mode.CHUNKED, chunkSize);
    }

    public static UploadOptions streamed() {
        return new UploadOptions(Mode.STREAMED, DEFAULT.chunkSize());
    }

    /** The upload protocols of the distribution spec. */
    public enum Mode {
        /** POST to open a session, then one PUT with the whole body and {@code ?digest=}. */
        MONOLITHIC,
        /** POST, one PATCH with the whole body, then PUT {@code ?digest=} to commit. */
        STREAMED,
        /** POST, PATCHes of {@code chunkSize} with {@code Content-Range}, then PUT {@code ?digest=}. */
        CHUNKED
    }
}
