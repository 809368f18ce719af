package io.whittle.server.web;

import io.whittle.server.api.xray.FileListing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report page's size treemap: the merged file system's top directories, each split into its own largest
 * entries, laid out squarified (rectangles kept near square, biggest first) into a fixed box that the page draws as
 * SVG. Sizes are file bytes under each entry; small entries beyond the {@value #MAX_ITEMS} largest of a level are
 * one "other" box.
 */
public final class Treemap {
    static final double WIDTH = 960;
    static final double HEIGHT = 420;
    private static final int MAX_ITEMS = 14;

    /**
     * One rectangle: a top directory ({@code depth} 1) or an entry in it (2); {@code path} is absolute, empty for
     * an "other" box.
     */
    public record Box(String label, String path, long size, double x, double y, double w, double h, int depth) {
        /** Whether the box is big enough to carry its label. */
        public boolean labelled() {
            return w > 60 && h > (depth == 1 ? 18 : 16);
        }

        /** The label cut to what fits the box's width (about 7 pixels a character). */
        public String fitted() {
            int chars = (int) Math.max(1, (w - 8) / 7);
            return label.length() <= chars ? label : label.substring(0, Math.max(1, chars - 1)) + "…";
        }

        public String fill() {
            return depth == 1 ? "#dfe8f5" : "#9fbbe3";
        }

        public String sx() {
            return fmt(x);
        }

        public String sy() {
            return fmt(y);
        }

        public String sw() {
            return fmt(w);
        }

        public String sh() {
            return fmt(h);
        }

        public String tx() {
            return fmt(x + 4);
        }

        public String ty() {
            return fmt(y + (depth == 1 ? 14 : 13));
        }
    }

    private record Item(String label, String path, long size) {
    }

    private Treemap() {
    }

    public static String width() {
        return fmt(WIDTH);
    }

    public static String height() {
        return fmt(HEIGHT);
    }

    /** The boxes of the merged file system's listing: parents first, so children are drawn over them. */
    public static List<Box> of(byte[] merged) {
        Map<String, Long> top = new LinkedHashMap<>();
        Map<String, Map<String, Long>> second = new LinkedHashMap<>();
        FileListing.read(merged, e -> {
            if (!e.kind().equals("file") || e.size() <= 0) {
                return;
            }
            String[] parts = e.path().split("/", 3);
            top.merge(parts[0], e.size(), Long::sum);
            if (parts.length > 1) {
                second.computeIfAbsent(parts[0], k -> new LinkedHashMap<>()).merge(parts[1], e.size(), Long::sum);
            }
        });
        List<Box> out = new ArrayList<>();
        List<Box> level1 = squarify(items(top, ""), 0, 0, WIDTH, HEIGHT, 1);
        out.addAll(level1);
        for (Box b : level1) {
            Map<String, Long> inner = second.get(b.label());
            if (inner == null || b.path().isEmpty() || b.w() < 24 || b.h() < 36) {
                continue;
            }
            // Children below the parent's label strip, inset so the parent's edge stays visible.
            out.addAll(squarify(items(inner, b.path()), b.x() + 2, b.y() + 18, b.w() - 4, b.h() - 20, 2));
        }
        return out;
    }

    private static List<Item> items(Map<String, Long> sizes, String parent) {
        List<Item> all = new ArrayList<>();
        sizes.forEach((name, size) -> all.add(new Item(name, parent + "/" + name, size)));
        all.sort(Comparator.comparingLong(Item::size).reversed().thenComparing(Item::label));
        if (all.size() <= MAX_ITEMS) {
            return all;
        }
        List<Item> kept = new ArrayList<>(all.subList(0, MAX_ITEMS - 1));
        long rest = all.subList(MAX_ITEMS - 1, all.size()).stream().mapToLong(Item::size).sum();
        kept.add(new Item((all.size() - MAX_ITEMS + 1) + " more", "", rest));
        return kept;
    }

    /** Squarified layout of {@code items} (largest first) into the rectangle. */
    private static List<Box> squarify(List<Item> items, double x, double y, double w, double h, int depth) {
        List<Box> out = new ArrayList<>();
        double total = items.stream().mapToLong(Item::size).sum();
        if (total <= 0 || w <= 0 || h <= 0) {
            return out;
        }
        double scale = w * h / total;
        List<Item> row = new ArrayList<>();
        double rx = x;
        double ry = y;
        double rw = w;
        double rh = h;
        int i = 0;
        while (i < items.size()) {
            Item next = items.get(i);
            double side = Math.min(rw, rh);
            List<Item> with = new ArrayList<>(row);
            with.add(next);
            if (row.isEmpty() || worst(with, side, scale) <= worst(row, side, scale)) {
                row = with;
                i++;
                continue;
            }
            double[] rest = place(row, rx, ry, rw, rh, scale, depth, out);
            rx = rest[0];
            ry = rest[1];
            rw = rest[2];
            rh = rest[3];
            row = new ArrayList<>();
        }
        if (!row.isEmpty()) {
            place(row, rx, ry, rw, rh, scale, depth, out);
        }
        return out;
    }

    private static double worst(List<Item> row, double side, double scale) {
        double sum = 0;
        double max = 0;
        double min = Double.MAX_VALUE;
        for (Item it : row) {
            double a = it.size() * scale;
            sum += a;
            max = Math.max(max, a);
            min = Math.min(min, a);
        }
        double s2 = side * side;
        return Math.max(s2 * max / (sum * sum), sum * sum / (s2 * min));
    }

    /** Lays a row along the shorter side; returns the rectangle left over. */
    private static double[] place(List<Item> row, double x, double y, double w, double h, double scale, int depth,
                                  List<Box> out) {
        double area = row.stream().mapToDouble(it -> it.size() * scale).sum();
        if (w >= h) {
            double colW = area / h;
            double cy = y;
            for (Item it : row) {
                double ih = it.size() * scale / colW;
                out.add(new Box(it.label(), it.path(), it.size(), x, cy, colW, ih, depth));
                cy += ih;
            }
            return new double[] {x + colW, y, w - colW, h};
        }
        double rowH = area / w;
        double cx = x;
        for (Item it : row) {
            double iw = it.size() * scale / rowH;
            out.add(new Box(it.label(), it.path(), it.size(), cx, y, iw, rowH, depth));
            cx += iw;
        }
        return new double[] {x, y + rowH, w, h - rowH};
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
