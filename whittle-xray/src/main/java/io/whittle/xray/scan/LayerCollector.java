package io.whittle.xray.scan;

import io.whittle.xray.tar.EntryType;
import io.whittle.xray.tar.TarAnomaly;
import io.whittle.xray.tar.TarItem;
import io.whittle.xray.tar.TarVisitor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * Builds one layer's scan while its tar streams past: whiteouts recognised, a path repeated in the layer kept
 * at its last occurrence, file contents keyed and handed to the content scanners chunk by chunk.
 */
final class LayerCollector implements TarVisitor {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    /** aufs keeps its own bookkeeping under this prefix; it means nothing to a merged view. */
    private static final String AUFS_META = ".wh..wh.";

    /** Keys apart from plain paths, so that a whiteout and a new file at one path are both kept. */
    private record WhiteoutKey(String path) {
    }

    private record OpaqueKey(String path) {
    }

    private final List<ContentScanner> scanners;
    private final byte[] buffer;
    private final CRC32C crc32c = new CRC32C();
    private final CRC32 crc32 = new CRC32();
    private final Map<Object, LayerEntry> entries = new LinkedHashMap<>();
    /** Evidence per file path, replaced when the path comes again in this layer. */
    private final Map<String, List<Evidence>> evidence = new LinkedHashMap<>();
    private final List<TarAnomaly> anomalies = new ArrayList<>();
    private final List<FileConsumer> open = new ArrayList<>();
    private long contentBytes;

    LayerCollector(List<ContentScanner> scanners, byte[] buffer) {
        this.scanners = scanners;
        this.buffer = buffer;
    }

    @Override
    public void item(TarItem item, InputStream content) throws IOException {
        contentBytes += item.size();
        String path = item.path();
        int slash = path.lastIndexOf('/');
        if (path.startsWith(WHITEOUT, slash + 1)) { // tested in place: most entries are not whiteouts
            whiteout(item, slash < 0 ? "" : path.substring(0, slash), path.substring(slash + 1));
            return;
        }
        long key = 0;
        if (item.type() == EntryType.FILE) {
            key = readFile(item, content);
        } else {
            evidence.remove(path);
        }
        put(path, new LayerEntry(path, kindOf(item.type()), item.size(), item.mode(), item.uid(), item.gid(),
                item.linkTarget(), key));
    }

    @Override
    public void anomaly(TarAnomaly anomaly) {
        anomalies.add(anomaly);
    }

    private void whiteout(TarItem item, String dir, String name) {
        if (name.equals(OPAQUE)) {
            put(new OpaqueKey(dir), new LayerEntry(dir, LayerEntry.Kind.OPAQUE, 0, item.mode(), item.uid(),
                    item.gid(), "", 0));
            return;
        }
        if (name.startsWith(AUFS_META)) {
            return;
        }
        String target = name.substring(WHITEOUT.length());
        if (target.isEmpty() || target.equals(".") || target.equals("..")) {
            anomalies.add(new TarAnomaly(TarAnomaly.Kind.INVALID_WHITEOUT, item.path(), "The whiteout '"
                    + item.path() + "' names no file in its directory, and was ignored."));
            return;
        }
        String deleted = dir.isEmpty() ? target : dir + "/" + target;
        put(new WhiteoutKey(deleted), new LayerEntry(deleted, LayerEntry.Kind.WHITEOUT, 0, item.mode(), item.uid(),
                item.gid(), "", 0));
    }

    private void put(Object key, LayerEntry entry) {
        if (entries.put(key, entry) != null) {
            // A repeated path: move it to where it occurs last.
            entries.remove(key);
            entries.put(key, entry);
        }
    }

    /** Streams one file through the checksums and the scanners that want it; answers its content key. */
    private long readFile(TarItem item, InputStream content) throws IOException {
        evidence.remove(item.path());
        if (!scanners.isEmpty()) {
            FileInfo info = new FileInfo(item.path(), item.size(), item.mode(), item.uid(), item.gid());
            for (ContentScanner s : scanners) {
                try {
                    FileConsumer c = s.open(info);
                    if (c != null) {
                        open.add(c);
                    }
                } catch (RuntimeException e) {
                    // a scanner failing to decide is a scanner that does not want the file
                }
            }
        }
        crc32c.reset();
        crc32.reset();
        try {
            for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                crc32c.update(buffer, 0, n);
                crc32.update(buffer, 0, n);
                for (int i = 0; i < open.size(); i++) {
                    FileConsumer c = open.get(i);
                    if (c != null) {
                        try {
                            c.accept(buffer, 0, n);
                        } catch (IOException | RuntimeException e) {
                            drop(i);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            abandon();
            throw e;
        }
        List<Evidence> found = open.isEmpty() ? List.of() : new ArrayList<>(2);
        for (int i = 0; i < open.size(); i++) {
            FileConsumer c = open.get(i);
            if (c != null) {
                List<Evidence> mine = new ArrayList<>(1);
                try {
                    c.finish(mine::add);
                    found.addAll(mine);
                } catch (IOException | RuntimeException e) {
                    // One scanner choking on one odd file must not cost the whole X-ray; what it found is dropped.
                    drop(i);
                }
            }
        }
        open.clear();
        if (!found.isEmpty()) {
            evidence.put(item.path(), found);
        }
        return (crc32c.getValue() << 32) | crc32.getValue();
    }

    /** A consumer that failed on this file is released and hears no more of it. */
    private void drop(int i) {
        FileConsumer c = open.set(i, null);
        try {
            c.abandon();
        } catch (RuntimeException ignored) {
            // already failed once
        }
    }

    /** The layer failed: consumers still holding a file (spools) let it go. */
    void abandon() {
        for (FileConsumer c : open) {
            if (c == null) {
                continue;
            }
            try {
                c.abandon();
            } catch (RuntimeException ignored) {
                // releasing the others matters more
            }
        }
        open.clear();
    }

    long contentBytes() {
        return contentBytes;
    }

    List<LayerEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    List<Evidence> evidence() {
        List<Evidence> all = new ArrayList<>();
        evidence.values().forEach(all::addAll);
        return all;
    }

    List<TarAnomaly> anomalies() {
        return anomalies;
    }

    private static LayerEntry.Kind kindOf(EntryType type) {
        return switch (type) {
            case FILE -> LayerEntry.Kind.FILE;
            case DIRECTORY -> LayerEntry.Kind.DIRECTORY;
            case SYMLINK -> LayerEntry.Kind.SYMLINK;
            case HARDLINK -> LayerEntry.Kind.HARDLINK;
            case CHAR_DEVICE -> LayerEntry.Kind.CHAR_DEVICE;
            case BLOCK_DEVICE -> LayerEntry.Kind.BLOCK_DEVICE;
            case FIFO -> LayerEntry.Kind.FIFO;
        };
    }
}
