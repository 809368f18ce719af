package io.whittle.xray.tar;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** One pass over a layer's tar: limits, path cleaning, link checks, anomalies, then the visitor. */
final class TarPass {
    private static final int RECORD = 512;
    /** Header records around one entry's PAX and long-name data (and a sparse entry's padding before them). */
    private static final int HEADER_SLACK = 16 * RECORD;
    private static final InputStream EMPTY = new InputStream() {
        @Override
        public int read() {
            return -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return len == 0 ? 0 : -1;
        }
    };

    private final TarLimits limits;
    private final TarGuard guard;
    private final SourceTap source;
    private final TarVisitor visitor;
    private final HardenedTarInput tar;
    private final byte[] buffer = new byte[1 << 16];
    /** Paths that are regular files at this point of the layer: the only valid hard-link targets. */
    private final Set<String> files = new HashSet<>();
    private long contentBytes;

    TarPass(TarLimits limits, TarGuard guard, SourceTap source, TarVisitor visitor) {
        this.limits = limits;
        this.guard = guard;
        this.source = source;
        this.visitor = visitor;
        this.tar = new HardenedTarInput(guard);
    }

    /** Visits every entry, drains the stream to its end, and answers the number of entries. */
    long run() throws IOException {
        long entries = 0;
        for (TarArchiveEntry e = next(); e != null; e = next()) {
            if (++entries > limits.maxEntries()) {
                throw new LayerException(LayerException.Kind.LIMIT, "The layer holds more than " + limits.maxEntries()
                        + " entries, the limit set by maxEntries: raise it only for an image you trust.");
            }
            accept(e);
            finishEntry();
        }
        try {
            guard.drain(buffer);
        } catch (IOException | RuntimeException ex) {
            throw Failures.translate(ex, source, guard);
        }
        return entries;
    }

    private TarArchiveEntry next() throws IOException {
        // Everything read from here to the entry's header is header: PAX records, GNU long names.
        guard.startHeader(limits.maxHeaderBytes(), (long) limits.maxHeaderBytes() + HEADER_SLACK);
        try {
            return tar.getNextEntry();
        } catch (IOException | RuntimeException ex) {
            throw Failures.translate(ex, source, guard);
        } finally {
            guard.endHeader();
        }
    }

    /** Reads what the visitor left of the entry, so that the next header read holds only header bytes. */
    private void finishEntry() throws IOException {
        try {
            tar.finishEntry(buffer);
        } catch (IOException | RuntimeException ex) {
            throw Failures.translate(ex, source, guard);
        }
    }

    private void accept(TarArchiveEntry e) throws IOException {
        String raw = e.getName();
        String rawLink = e.getLinkName() == null ? "" : e.getLinkName();
        checkLength(raw, "name");
        checkLength(rawLink, "link target");
        EntryType type = typeOf(e);
        if (type == null) {
            anomaly(TarAnomaly.Kind.UNKNOWN_TYPE, raw, "The entry has the unknown tar type '"
                    + printable(e.getLinkFlag()) + "' and was skipped.");
            return;
        }
        TarPath name = TarPath.clean(raw);
        if (name.backslash()) {
            anomaly(TarAnomaly.Kind.BACKSLASH, raw, "The entry's name holds a backslash, which Linux reads as part"
                    + " of the name, not as a separator.");
        }
        if (name.absolute()) {
            anomaly(TarAnomaly.Kind.ABSOLUTE_PATH, raw, "The entry has an absolute name and was read relative to the"
                    + " root" + (name.path().isEmpty() ? "." : " as '" + name.path() + "'."));
        }
        if (name.clamped()) {
            anomaly(TarAnomaly.Kind.TRAVERSAL, raw, "The entry climbs above the root with '..' and was kept inside"
                    + " it" + (name.path().isEmpty() ? "." : " as '" + name.path() + "'."));
        }
        String path = name.path();
        if (path.isEmpty()) {
            if (type == EntryType.SYMLINK) {
                anomaly(TarAnomaly.Kind.ESCAPING_SYMLINK, raw, "A symlink named '" + raw + "' would replace the"
                        + " root itself, and was skipped.");
            } else if (!(type == EntryType.DIRECTORY && (raw.equals("./") || raw.equals(".")))) {
                anomaly(TarAnomaly.Kind.EMPTY_NAME, raw, "The entry has an empty name or names only the root,"
                        + " and was skipped.");
            }
            return;
        }
        String link = "";
        if (type == EntryType.HARDLINK) {
            TarPath target = TarPath.clean(rawLink);
            if (target.clamped() || target.path().isEmpty() || target.path().equals(path)
                    || !files.contains(target.path())) {
                anomaly(TarAnomaly.Kind.BAD_HARDLINK, raw, "The hard link points to '" + rawLink + "', which is not"
                        + " an earlier file of this layer, and was skipped.");
                return;
            }
            link = target.path();
        } else if (type == EntryType.SYMLINK) {
            link = rawLink;
        }
        if (type == EntryType.FILE || type == EntryType.HARDLINK) {
            files.add(path);
        } else {
            files.remove(path);
        }
        if (type == EntryType.CHAR_DEVICE || type == EntryType.BLOCK_DEVICE || type == EntryType.FIFO) {
            anomaly(TarAnomaly.Kind.DEVICE, raw, "The layer holds a " + (type == EntryType.FIFO ? "FIFO"
                    : type == EntryType.CHAR_DEVICE ? "character device" : "block device")
                    + ", which Whittle records but never creates.");
        }
        long size = type == EntryType.FILE ? e.getRealSize() : 0;
        contentBytes += size;
        if (size < 0 || contentBytes > limits.maxLayerBytes()) {
            // Sparse entries expand to their real size without passing the guard: bound them here.
            throw new LayerException(LayerException.Kind.LIMIT, "The layer's files hold more than "
                    + limits.maxLayerBytes() + " bytes, the limit set by maxLayerBytes: raise it only for an image"
                    + " you trust.");
        }
        TarItem item = new TarItem(path, type, size, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(),
                link, e.getModTime().getTime() / 1000);
        if (type == EntryType.FILE && size > 0) {
            EntryContent content = new EntryContent(tar, size, source, guard);
            try {
                visitor.item(item, content);
            } finally {
                content.end();
            }
        } else {
            visitor.item(item, EMPTY);
        }
    }

    private static EntryType typeOf(TarArchiveEntry e) {
        return switch (e.getLinkFlag()) {
            case '5', 'D' -> EntryType.DIRECTORY;
            case '1' -> EntryType.HARDLINK;
            case '2' -> EntryType.SYMLINK;
            case '3' -> EntryType.CHAR_DEVICE;
            case '4' -> EntryType.BLOCK_DEVICE;
            case '6' -> EntryType.FIFO;
            // Old tars mark directories with a trailing slash on a plain-file type.
            case '0', 0, '7', 'S' -> e.getName().endsWith("/") ? EntryType.DIRECTORY : EntryType.FILE;
            default -> null;
        };
    }

    private void checkLength(String s, String what) throws LayerException {
        int max = limits.maxPathLength();
        if ((long) s.length() * 3 <= max) {
            return; // even all three-byte characters would fit
        }
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        if (bytes > max) {
            throw new LayerException(LayerException.Kind.LIMIT, "A tar entry's " + what + " is longer than " + max
                    + " bytes, the limit set by maxPathLength: the layer is probably hostile; raise the limit only"
                    + " for an image you trust.");
        }
    }

    private static String printable(byte flag) {
        return flag >= 0x20 && flag < 0x7f ? String.valueOf((char) flag) : String.format("0x%02x", flag & 0xff);
    }

    private void anomaly(TarAnomaly.Kind kind, String raw, String message) {
        visitor.anomaly(new TarAnomaly(kind, raw, message));
    }
}
