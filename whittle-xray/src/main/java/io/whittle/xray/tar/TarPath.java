package io.whittle.xray.tar;

/**
 * A tar name made safe lexically: leading {@code /} and {@code ./} stripped, {@code .} and empty segments
 * dropped, {@code ..} resolved and clamped at the root. Backslashes are kept (on Linux they are part of a
 * name) but noted.
 *
 * @param path      the cleaned path, empty when the name is the root
 * @param absolute  the name started with {@code /}
 * @param clamped   a {@code ..} tried to climb above the root
 * @param backslash the name holds a backslash
 */
record TarPath(String path, boolean absolute, boolean clamped, boolean backslash) {

    static TarPath clean(String raw) {
        boolean backslash = raw.indexOf('\\') >= 0;
        if (isClean(raw)) {
            // The common case ("usr/bin/sh", "./usr/bin/sh", "etc/") costs one scan and one substring.
            int start = raw.startsWith("./") ? 2 : 0;
            int end = raw.endsWith("/") ? raw.length() - 1 : raw.length();
            return new TarPath(start == 0 && end == raw.length() ? raw : raw.substring(start, end), false, false,
                    backslash);
        }
        boolean absolute = raw.startsWith("/");
        boolean clamped = false;
        String[] segments = raw.split("/");
        String[] stack = new String[segments.length];
        int depth = 0;
        for (String s : segments) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (depth == 0) {
                    clamped = true;
                } else {
                    depth--;
                }
                continue;
            }
            stack[depth++] = s;
        }
        return new TarPath(String.join("/", java.util.Arrays.asList(stack).subList(0, depth)), absolute, clamped,
                backslash);
    }

    /**
     * True when the name needs no work beyond an optional leading {@code ./} and trailing {@code /}: no leading
     * slash, no empty, {@code .} or {@code ..} segment elsewhere.
     */
    private static boolean isClean(String raw) {
        int n = raw.length();
        int i = raw.startsWith("./") ? 2 : 0;
        if (n > 0 && raw.charAt(n - 1) == '/') {
            n--;
        }
        if (i >= n) {
            return false;
        }
        int segStart = i;
        for (; i <= n; i++) {
            if (i == n || raw.charAt(i) == '/') {
                int len = i - segStart;
                if (len == 0 || (len == 1 && raw.charAt(segStart) == '.')
                        || (len == 2 && raw.charAt(segStart) == '.' && raw.charAt(segStart + 1) == '.')) {
                    return false;
                }
                segStart = i + 1;
            }
        }
        return true;
    }
}
