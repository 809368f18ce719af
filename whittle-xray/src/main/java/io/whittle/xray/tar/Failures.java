package io.whittle.xray.tar;

import java.io.IOException;

/** Turns what a decompressor or the tar parser threw into the exception the caller should see. */
final class Failures {
    private Failures() {
    }

    /**
     * A limit the guard hit, or the blob's own failure (network, digest) unchanged, or else a
     * {@link LayerException.Kind#CORRUPT} saying why the bytes could not be read.
     */
    static IOException translate(Throwable e, SourceTap source, TarGuard guard) {
        if (guard != null && guard.tripped() != null) {
            return guard.tripped();
        }
        Exception sourceFailure = source.failure();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t == sourceFailure) {
                if (sourceFailure instanceof RuntimeException r) {
                    throw r;
                }
                return (IOException) sourceFailure;
            }
            if (t instanceof LayerException l) {
                return l;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String reason = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getMessage();
        return new LayerException(LayerException.Kind.CORRUPT, "The layer cannot be read as a compressed tar ("
                + reason + "): the blob is truncated or damaged; pull the image again or rebuild it.", e);
    }
}
