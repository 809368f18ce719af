package io.whittle.xray.fs;

import java.util.List;

/**
 * @param reclaimableBytes what squashing would save: every regular file version in any layer that the final
 *                         tree no longer shows (shadowed, whited out, hidden by an opaque directory, under a
 *                         deleted directory), each counted once; a version a visible hard link still names stays
 * @param duplicateBytes   Σ wasted bytes of the duplicate groups
 * @param duplicates       visible regular files with equal size and content, largest waste first
 */
public record WasteReport(long reclaimableBytes, long duplicateBytes, List<DuplicateGroup> duplicates) {
    public WasteReport {
        duplicates = List.copyOf(duplicates);
    }
}
