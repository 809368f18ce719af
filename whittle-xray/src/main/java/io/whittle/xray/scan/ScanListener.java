package io.whittle.xray.scan;

/** Progress of {@link ImageScanner#scanAll}; called from worker threads. */
public interface ScanListener {
    default void layerStarted(int index, long compressedSize, boolean cached) {
    }

    /** Compressed bytes read so far for this layer. */
    default void layerProgress(int index, long bytesRead) {
    }

    default void layerDone(int index, LayerScan scan) {
    }

    ScanListener NONE = new ScanListener() {
    };
}
