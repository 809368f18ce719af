package io.whittle.xray.fs;

import java.util.List;

/**
 * Visible regular files holding the same bytes (same size and content key), hard links left out.
 *
 * @param size        each file's size
 * @param contentKey  their content key (see {@link io.whittle.xray.scan.LayerEntry#contentKey()})
 * @param paths       the files, in tree order
 * @param wastedBytes size × (copies − 1)
 */
public record DuplicateGroup(long size, long contentKey, List<String> paths, long wastedBytes) {
    public DuplicateGroup {
        paths = List.copyOf(paths);
        if (paths.size() < 2) {
            throw new IllegalArgumentException("a duplicate group needs two files or more, got " + paths.size());
        }
    }
}
