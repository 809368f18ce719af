package io.whittle.xray.scan;

import java.io.IOException;

/**
 * Receives one file's bytes in order, then {@link #finish}. Consumers that need the whole file (a zip, a
 * sqlite database) collect it with {@link Spool}; others look at the bytes as they pass and keep nothing.
 */
public interface FileConsumer {

    void accept(byte[] buffer, int offset, int length) throws IOException;

    /** The content has ended: add what was found. */
    void finish(EvidenceSink sink) throws IOException;

    /** Called instead of {@link #finish} when the layer failed; release spooled files. */
    default void abandon() {
    }
}
