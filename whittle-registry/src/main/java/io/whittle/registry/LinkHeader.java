package io.whittle.registry;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds the {@code rel="next"} target in {@code Link} headers (RFC 8288), as registries paginate lists. */
public final class LinkHeader {
    private LinkHeader() {
    }

    /** The target of the first {@code rel="next"} link among {@code values} (as written: it may be relative). */
    public static Optional<String> next(List<String> values) {
        for (String v : values) {
            Optional<String> n = next(v);
            if (n.isPresent()) {
                return n;
            }
        }
        return Optional.empty();
    }

    /** The target of the {@code rel="next"} link in one {@code Link} header value. */
    public static Optional<String> next(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int i = 0;
        int len = value.length();
        while (i < len) {
            int open = value.indexOf('<', i);
            if (open < 0) {
                return Optional.empty();
            }
            int close = value.indexOf('>', open + 1);
            if (close < 0) {
                return Optional.empty();
            }
            String target = value.substring(open + 1, close).strip();
            // parameters run to the next comma that is outside quotes
            int j = close + 1;
            boolean quoted = false;
            StringBuilder params = new StringBuilder();
            while (j < len) {
                char c = value.charAt(j);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    break;
                } else if (c == '\\' && quoted && j + 1 < len) {
                    params.append(value.charAt(++j));
                    j++;
                    continue;
                }
                params.append(c);
                j++;
            }
            for (String p : params.toString().split(";")) {
                int eq = p.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String val = p.substring(eq + 1).strip().replace("\"", "");
                if (name.equals("rel")) {
                    for (String rel : val.toLowerCase(Locale.ROOT).split("\\s+")) {
                        if (rel.equals("next")) {
                            return Optional.of(target);
                        }
                    }
                }
            }
            i = j + 1;
        }
        return Optional.empty();
    }
}
