package io.whittle.xray.tar;

/** What a tar entry is, after hard links and special files are told apart. */
public enum EntryType {
    FILE, DIRECTORY, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO
}
