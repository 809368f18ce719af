package io.whittle.server.api.xray;

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
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The file listings a report's explorer shows, made once when the X-ray runs and stored with the report: for each
 * layer the paths it touches, each marked added, modified or removed against the layers below (whiteouts are
 * removals; a directory that is only restated is unchanged), and for the merged file system (layer {@value #MERGED})
 * every visible path with the layer it comes from. Stored as gzip'd lines of tab-separated fields, sorted by path,
 * so that listing a directory is one streaming pass and no listing is held as objects.
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

    private record Visible(String kind, long size, int mode, long uid, long gid, String linkTarget, int layer) {
    }

    /** The listings of every layer of {@code scans} and of the merged file system, by layer number. */
    public static Map<Integer, byte[]> build(List<LayerScan> scans) {
        Map<Integer, byte[]> out = new LinkedHashMap<>();
        TreeMap<String, Visible> visible = new TreeMap<>();
        for (int i = 0; i < scans.size(); i++) {
            List<Entry> layer = new ArrayList<>();
            // Marks first, against the layers below; then this layer is applied.
            for (LayerEntry e : scans.get(i).entries()) {
                if (e.kind() == LayerEntry.Kind.OPAQUE) {
                    continue;
                }
                Change change;
                if (e.kind() == LayerEntry.Kind.WHITEOUT) {
                    change = Change.REMOVED;
                } else {
                    Visible below = visible.get(e.path());
                    if (below == null) {
                        change = Change.ADDED;
                    } else if (e.kind() == LayerEntry.Kind.DIRECTORY && below.kind().equals("directory")
                            && below.mode() == e.mode() && below.uid() == e.uid() && below.gid() == e.gid()) {
                        change = Change.UNCHANGED;
                    } else {
                        change = Change.MODIFIED;
                    }
                }
                layer.add(new Entry(e.path(), kind(e.kind()), e.size(), e.mode(), e.linkTarget(), i, change));
            }
            for (LayerEntry e : scans.get(i).entries()) {
                if (e.kind() == LayerEntry.Kind.OPAQUE) {
                    under(visible, e.path()).clear();
                } else if (e.kind() == LayerEntry.Kind.WHITEOUT) {
                    visible.remove(e.path());
                    under(visible, e.path()).clear();
                }
            }
            for (LayerEntry e : scans.get(i).entries()) {
                if (e.kind() == LayerEntry.Kind.OPAQUE || e.kind() == LayerEntry.Kind.WHITEOUT) {
                    continue;
                }
                Visible before = visible.put(e.path(), new Visible(kind(e.kind()), e.size(), e.mode(), e.uid(),
                        e.gid(), e.linkTarget(), i));
                if (before != null && before.kind().equals("directory") && e.kind() != LayerEntry.Kind.DIRECTORY) {
                    under(visible, e.path()).clear(); // a file in place of a directory hides what was in it
                }
            }
            layer.sort((a, b) -> a.path().compareTo(b.path()));
            out.put(i, encode(w -> layer.forEach(w)));
        }
        out.put(MERGED, encode(w -> visible.forEach((p, v) -> w.accept(new Entry(p, v.kind(), v.size(), v.mode(),
                v.linkTarget(), v.layer(), Change.UNCHANGED)))));
        return out;
    }

    private static NavigableMap<String, Visible> under(TreeMap<String, Visible> visible, String dir) {
        // '/' + 1 is '0': every path "dir/…" sorts between "dir/" and "dir0".
        return visible.subMap(dir + "/", true, dir + "0", false);
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

    /** Up to {@code max} entries whose path contains {@code needle}, ignoring case, in path order. */
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

    /** Calls {@code action} for each entry, in path order. */
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

    private static byte[] encode(Consumer<Consumer<Entry>> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
            entries.accept(e -> {
                try {
                    w.write(e.change().name() + "\t" + e.kind() + "\t" + e.size() + "\t"
                            + Integer.toOctalString(e.mode()) + "\t" + e.layer() + "\t" + escape(e.path()) + "\t"
                            + escape(e.linkTarget()) + "\n");
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
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
