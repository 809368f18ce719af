package io.whittle.xray.tar;

import java.io.IOException;

/** A layer that cannot be read to its end; the message is one sentence that says what to do. */
public final class LayerException extends IOException {
    private final Kind kind;

    public LayerException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public LayerException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public enum Kind {
        /** Not a tar, truncated, bad compression, or the diffID does not match. */
        CORRUPT,
        /** Past one of the {@link TarLimits}. */
        LIMIT,
        /** A media type or compression Whittle does not read. */
        UNSUPPORTED
    }
}
