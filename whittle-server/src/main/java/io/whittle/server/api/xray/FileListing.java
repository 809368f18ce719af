package io.whittle.server.api.xray;

import io.whittle.xray.fs.ChangedPaths;
import io.whittle.xray.fs.LayerView;
import io.whittle.xray.fs.MergedFile;
import io.whittle.xray.fs.MergedTree;
import io.whittle.xray.scan.LayerEntry;
import io.whittle.xray.scan.LayerScan;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The file listings a report's explorer shows, made once when the X-ray runs and stored with the report: for each
 * layer the paths it changed, each marked added, modified or removed against the layers below, and for the merged
 * file system (layer {@value #MERGED}) every visible path with the layer it comes from. Both come from the X-ray's
 * {@link MergedTree}, so they apply layers exactly as the report does. Stored as gzip'd lines of tab-separated
 * fields in tree order (parents first, siblings by name), so that listing a directory is one streaming pass and no
 * listing is held as objects.
 */
public final class FileListing {
    /** The layer number of the merged file system's listing. */
    public static final int MERGED = -1;

    /** How a path of a layer relates to the layers below it. */
    public enum Change {
        ADDED, MODIFIED, REMOVED, UNCHANGED
    }

    /**
     * One listed path; for a directory listing, {@code size} of a directory is the bytes of files under it in this
     * listing.
     *
     * @param kind  the entry kind in lower case ({@code file}, {@code directory}, {@code symlink}, {@code whiteout}…)
     * @param layer the layer the path comes from
     */
    public record Entry(String path, String kind, long size, int mode, String linkTarget, int layer, Change change) {
        public Entry {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(linkTarget, "linkTarget");
            Objects.requireNonNull(change, "change");
        }

        public String name() {
            int slash = path.lastIndexOf('/');
            return slash < 0 ? path : path.substring(slash + 1);
        }

        public boolean directory() {
            return kind.equals("directory");
        }
    }

    private FileListing() {
    }

    /** The listings of every layer of {@code scans} and of the merged file system, by layer number. */
    public static Map<Integer, byte[]> build(List<LayerScan> scans) {
        return build(MergedTree.merge(scans));
    }

    /**
     * The listings of every layer of {@code tree} and of its merged file system, by layer number. A layer lists
     * what it changed as {@link ChangedPaths} tells it; a path it removed (by a whiteout, an opaque directory or
     * a replaced directory) is listed as a {@code whiteout} of that layer, with the mode it had.
     */
    public static Map<Integer, byte[]> build(MergedTree tree) {
        LayerListings layers = new LayerListings();
        ChangedPaths.walk(tree, layers);
        Map<Integer, byte[]> out = layers.finish();
        Encoder merged = new Encoder();
        tree.forEach(f -> merged.write(entry(f, f.layer(), Change.UNCHANGED)));
        out.put(MERGED, merged.bytes());
        return out;
    }

    /** Encodes each layer's changes as the replay reports them, one layer at a time. */
    private static final class LayerListings implements ChangedPaths.Visitor {
        private final Map<Integer, byte[]> out = new LinkedHashMap<>();
        private int layer = -1;
        private Encoder encoder;

        @Override
        public void layer(int next) {
            finish();
            layer = next;
            encoder = new Encoder();
        }

        @Override
        public void changed(LayerView.Item item) {
            MergedFile f = item.file();
            encoder.write(switch (item.mark()) {
                case REMOVED -> new Entry(f.path(), "whiteout", 0, f.mode(), "", layer, Change.REMOVED);
                case ADDED -> entry(f, layer, Change.ADDED);
                case MODIFIED -> entry(f, layer, Change.MODIFIED);
                case UNCHANGED -> entry(f, layer, Change.UNCHANGED);
            });
        }

        Map<Integer, byte[]> finish() {
            if (encoder != null) {
                out.put(layer, encoder.bytes());
                encoder = null;
            }
            return out;
        }
    }

    private static Entry entry(MergedFile f, int layer, Change change) {
        return new Entry(f.path(), kind(f.kind()), f.size(), f.mode(), f.linkTarget(), layer, change);
    }

    private static String kind(LayerEntry.Kind k) {
        return k.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The entries directly in {@code dir} ({@code ""}: the root), directories first, then by name. A directory the
     * listing holds only through paths below it is listed too (its kind {@code directory}, its change that of
     * nothing in it: {@code unchanged}). Directory sizes are the bytes of the files under them in this listing.
     */
    public static List<Entry> children(byte[] listing, String dir) {
        String prefix = dir.isEmpty() ? "" : dir + "/";
        Map<String, Entry> direct = new TreeMap<>();
        Map<String, Long> totals = new TreeMap<>();
        Map<String, Integer> layers = new TreeMap<>();
        read(listing, e -> {
            if (!e.path().startsWith(prefix) || e.path().equals(dir)) {
                return;
            }
            String rest = e.path().substring(prefix.length());
            int slash = rest.indexOf('/');
            String name = slash < 0 ? rest : rest.substring(0, slash);
            if (slash < 0) {
                direct.put(name, e);
            }
            if (e.kind().equals("file")) {
                totals.merge(name, e.size(), Long::sum);
            }
            layers.putIfAbsent(name, e.layer());
        });
        List<Entry> out = new ArrayList<>();
        for (String name : layers.keySet()) {
            Entry e = direct.get(name);
            long total = totals.getOrDefault(name, 0L);
            if (e == null) {
                out.add(new Entry(prefix + name, "directory", total, 0755, "", layers.get(name), Change.UNCHANGED));
            } else if (e.directory()) {
                out.add(new Entry(e.path(), e.kind(), total, e.mode(), e.linkTarget(), e.layer(), e.change()));
            } else {
                out.add(e);
            }
        }
        out.sort((a, b) -> a.directory() != b.directory() ? (a.directory() ? -1 : 1) : a.name().compareTo(b.name()));
        return out;
    }

    /** Up to {@code max} entries whose path contains {@code needle}, ignoring case, in tree order. */
    public static List<Entry> search(byte[] listing, String needle, int max) {
        String n = needle.toLowerCase(Locale.ROOT);
        List<Entry> out = new ArrayList<>();
        read(listing, e -> {
            if (out.size() < max && e.path().toLowerCase(Locale.ROOT).contains(n)) {
                out.add(e);
            }
        });
        return out;
    }

    /** The entry of {@code path}, if the listing has it. */
    public static java.util.Optional<Entry> find(byte[] listing, String path) {
        Entry[] found = new Entry[1];
        read(listing, e -> {
            if (e.path().equals(path)) {
                found[0] = e;
            }
        });
        return java.util.Optional.ofNullable(found[0]);
    }

    /** Calls {@code action} for each entry, in tree order. */
    public static void read(byte[] listing, Consumer<Entry> action) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                new ByteArrayInputStream(listing)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split("\t", -1);
                if (f.length != 7) {
                    throw new IllegalStateException("a stored file listing has a malformed line");
                }
                action.accept(new Entry(unescape(f[5]), f[1], Long.parseLong(f[2]), Integer.parseInt(f[3], 8),
                        unescape(f[6]), Integer.parseInt(f[4]), Change.valueOf(f[0])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a stored file listing cannot be read", e);
        }
    }

    /** Writes entries as gzip'd lines, one at a time. */
    private static final class Encoder {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Writer w;

        Encoder() {
            try {
                w = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void write(Entry e) {
            try {
                w.write(e.change().name() + "\t" + e.kind() + "\t" + e.size() + "\t"
                        + Integer.toOctalString(e.mode()) + "\t" + e.layer() + "\t" + escape(e.path()) + "\t"
                        + escape(e.linkTarget()) + "\n");
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }

        byte[] bytes() {
            try {
                w.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }

    // Paths from a hostile layer may hold tabs and newlines: escaped so that a line stays one entry.
    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
