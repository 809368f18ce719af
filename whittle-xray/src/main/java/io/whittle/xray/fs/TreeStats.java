package io.whittle.xray.fs;

/**
 * What the merged tree holds.
 *
 * @param files     regular files
 * @param hardLinks hard links (on disk, more names of regular files)
 * @param dirs      directories
 * @param symlinks  symbolic links
 * @param others    devices and FIFOs
 * @param bytes     the regular files' sizes added up (hard links add none: they share a file's bytes)
 */
public record TreeStats(long files, long hardLinks, long dirs, long symlinks, long others, long bytes) {
}
