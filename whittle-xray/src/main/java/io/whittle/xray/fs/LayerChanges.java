package io.whittle.xray.fs;

import io.whittle.xray.scan.LayerEntry;
import java.util.List;

/**
 * What one layer did to the paths below it. A path is added when it did not exist before the layer, modified
 * when it existed and the layer replaced it, removed when it existed and is gone after the layer (whiteouts,
 * opaque directories, and everything under a deleted or clobbered directory). Bytes count regular files only.
 *
 * @param layer         layer index
 * @param largest       the layer's largest regular files, biggest first
 */
public record LayerChanges(int layer, long added, long addedBytes, long modified, long modifiedBytes, long removed,
                           long removedBytes, List<LayerEntry> largest) {
    public LayerChanges {
        largest = List.copyOf(largest);
    }
}
