package io.whittle.xray.fs;

/** Name ordering shared by the merged tree and the dive figures. */
final class Names {
    private Names() {
    }

    /**
     * Code point order, which equals the UTF-8 byte order Go's {@code sort.Strings} uses (dive walks trees in
     * it); {@link String#compareTo} differs for characters beyond the Basic Multilingual Plane.
     */
    static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                boolean sx = Character.isSurrogate(x);
                boolean sy = Character.isSurrogate(y);
                if (sx != sy) {
                    return sx ? 1 : -1;
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
