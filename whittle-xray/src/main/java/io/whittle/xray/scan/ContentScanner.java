package io.whittle.xray.scan;

/**
 * Looks at file contents while a layer streams past, once. Catalogers (packages, OS release) and content
 * findings (keys, tokens, certificates) are content scanners. Implementations are thread-safe: layers are
 * scanned in parallel, each file gets its own {@link FileConsumer}.
 */
public interface ContentScanner {

    /**
     * A consumer for this file's bytes, or {@code null} when the scanner does not want it. Deciding must be
     * cheap (path and size only): it runs for every regular file of every layer.
     */
    FileConsumer open(FileInfo file);

    /** A version of what this scanner finds; cached layer scans made by another version are scanned again. */
    default int version() {
        return 1;
    }
}
