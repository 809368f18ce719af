package io.whittle.xray.fs;

import java.util.Arrays;

/**
 * Every path any layer names (entries, whiteout targets and their parents), each stored once as a node id.
 * Nodes live in parallel int arrays and are found through one open-addressing table keyed by (parent, name),
 * so 150,000 paths take a few megabytes instead of a map per directory. Node 0 is the root ({@code ""}).
 * Not thread-safe while being filled; read-only once {@link #freeze()} has sorted the children.
 */
final class PathTable {
    static final int ROOT = 0;

    private int size;
    private int[] parent = new int[1024];
    private int[] firstChild = new int[1024];
    private int[] nextSibling = new int[1024];
    private String[] name = new String[1024];
    private int[] table = new int[2048];
    private int[] childStart;
    private int[] childIds;

    PathTable() {
        Arrays.fill(table, -1);
        add(-1, "");
    }

    int size() {
        return size;
    }

    int parent(int node) {
        return parent[node];
    }

    String name(int node) {
        return name[node];
    }

    /** The node of a cleaned relative path, creating it and its parents as needed. */
    int intern(String path) {
        int node = ROOT;
        int start = 0;
        int length = path.length();
        while (start < length) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? length : slash;
            if (end > start) {
                int child = lookup(node, path, start, end);
                node = child >= 0 ? child : add(node, path.substring(start, end));
            }
            start = end + 1;
        }
        return node;
    }

    /** The node of a path, or -1 when no layer names it. */
    int find(String path) {
        int node = ROOT;
        int start = 0;
        int length = path.length();
        while (start < length && node >= 0) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? length : slash;
            if (end > start) {
                node = lookup(node, path, start, end);
            }
            start = end + 1;
        }
        return node;
    }

    /** The cleaned relative path of a node ({@code ""} for the root). */
    String path(int node) {
        if (node == ROOT) {
            return "";
        }
        int depth = 0;
        int length = -1;
        for (int n = node; n != ROOT; n = parent[n]) {
            depth++;
            length += name[n].length() + 1;
        }
        char[] out = new char[length];
        int end = length;
        for (int n = node; n != ROOT; n = parent[n]) {
            String s = name[n];
            end -= s.length();
            s.getChars(0, s.length(), out, end);
            if (end > 0) {
                out[--end] = '/';
            }
        }
        return new String(out);
    }

    /** The first child in insertion order, or -1; with {@link #nextSibling} this walks children unsorted. */
    int firstChild(int node) {
        return firstChild[node];
    }

    int nextSibling(int node) {
        return nextSibling[node];
    }

    /** Sorts every directory's children by name (code point order, which is also UTF-8 byte order). */
    void freeze() {
        int[] count = new int[size + 1];
        for (int n = 1; n < size; n++) {
            count[parent[n] + 1]++;
        }
        for (int i = 1; i <= size; i++) {
            count[i] += count[i - 1];
        }
        int[] ids = new int[Math.max(0, size - 1)];
        int[] fill = Arrays.copyOf(count, size);
        for (int n = 1; n < size; n++) {
            ids[fill[parent[n]]++] = n;
        }
        Integer[] box = new Integer[0];
        for (int p = 0; p < size; p++) {
            int from = count[p];
            int to = count[p + 1];
            if (to - from > 1) {
                if (box.length < to - from) {
                    box = new Integer[to - from];
                }
                for (int i = from; i < to; i++) {
                    box[i - from] = ids[i];
                }
                Arrays.sort(box, 0, to - from, (a, b) -> Names.compare(name[a], name[b]));
                for (int i = from; i < to; i++) {
                    ids[i] = box[i - from];
                }
            }
        }
        childStart = count;
        childIds = ids;
    }

    /** The number of children of a node (after {@link #freeze()}). */
    int childCount(int node) {
        return childStart[node + 1] - childStart[node];
    }

    /** The i-th child of a node by name (after {@link #freeze()}). */
    int child(int node, int i) {
        return childIds[childStart[node] + i];
    }

    private int add(int parentNode, String childName) {
        if (size == parent.length) {
            int capacity = size * 2;
            parent = Arrays.copyOf(parent, capacity);
            firstChild = Arrays.copyOf(firstChild, capacity);
            nextSibling = Arrays.copyOf(nextSibling, capacity);
            name = Arrays.copyOf(name, capacity);
        }
        int node = size++;
        parent[node] = parentNode;
        name[node] = childName;
        firstChild[node] = -1;
        nextSibling[node] = -1;
        if (parentNode >= 0) {
            nextSibling[node] = firstChild[parentNode];
            firstChild[parentNode] = node;
            if (size * 2 > table.length) {
                rehash();
            }
            insert(node);
        }
        return node;
    }

    private int lookup(int parentNode, String path, int start, int end) {
        int mask = table.length - 1;
        for (int slot = hash(parentNode, path, start, end) & mask; ; slot = (slot + 1) & mask) {
            int node = table[slot];
            if (node < 0) {
                return -1;
            }
            if (parent[node] == parentNode && name[node].length() == end - start
                    && path.regionMatches(start, name[node], 0, end - start)) {
                return node;
            }
        }
    }

    private void insert(int node) {
        int mask = table.length - 1;
        String s = name[node];
        int slot = hash(parent[node], s, 0, s.length()) & mask;
        while (table[slot] >= 0) {
            slot = (slot + 1) & mask;
        }
        table[slot] = node;
    }

    private void rehash() {
        table = new int[table.length * 2];
        Arrays.fill(table, -1);
        for (int n = 1; n < size; n++) {
            insert(n);
        }
    }

    private static int hash(int parentNode, String s, int start, int end) {
        int h = parentNode * 0x9E3779B1;
        for (int i = start; i < end; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h ^ (h >>> 16);
    }
}
