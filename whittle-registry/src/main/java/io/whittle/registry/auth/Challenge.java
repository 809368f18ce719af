package io.whittle.registry.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One authentication challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme such as {@code Bearer}
 * and its parameters ({@code realm}, {@code service}, {@code scope}, {@code error}). Parameter names are
 * lower-cased; values are unquoted and unescaped.
 */
public record Challenge(String scheme, Map<String, String> params, Optional<String> token68) {

    public Challenge {
        Objects.requireNonNull(scheme, "scheme");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        Objects.requireNonNull(token68, "token68");
    }

    public boolean isBearer() {
        return scheme.equalsIgnoreCase("Bearer");
    }

    public boolean isBasic() {
        return scheme.equalsIgnoreCase("Basic");
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Every challenge in every header value, in order. Malformed trailing text is ignored, never guessed at. */
    public static List<Challenge> parseAll(List<String> headerValues) {
        List<Challenge> out = new ArrayList<>();
        for (String v : headerValues) {
            out.addAll(parse(v));
        }
        return out;
    }

    /**
     * The challenges of one header value. One value may hold several, e.g.
     * {@code Basic realm="r", Bearer realm="https://auth/token",service="s"}: a new challenge starts at a token
     * that is not followed by {@code =}.
     */
    public static List<Challenge> parse(String header) {
        List<Challenge> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        Parser p = new Parser(header);
        while (true) {
            p.skipSeparators();
            if (p.atEnd()) {
                break;
            }
            String scheme = p.token();
            if (scheme.isEmpty()) {
                break; // not a token: stop rather than misread the rest
            }
            Map<String, String> params = new LinkedHashMap<>();
            Optional<String> token68 = Optional.empty();
            p.skipSpaces();
            if (p.startsParam()) {
                while (true) {
                    p.skipSeparators();
                    if (p.atEnd() || !p.startsParam()) {
                        break; // the end, or the next challenge's scheme
                    }
                    String name = p.token();
                    p.skipSpaces();
                    p.pos++; // '='
                    p.skipSpaces();
                    String value = !p.atEnd() && p.peek() == '"' ? p.quoted() : p.token();
                    params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
                    p.skipSpaces();
                    if (!p.atEnd() && p.peek() != ',') {
                        break;
                    }
                }
            } else {
                int mark = p.pos;
                String t = p.token68();
                p.skipSpaces();
                if (!t.isEmpty() && (p.atEnd() || p.peek() == ',')) {
                    token68 = Optional.of(t);
                } else {
                    p.pos = mark;
                }
            }
            out.add(new Challenge(scheme, params, token68));
        }
        return out;
    }

    @Override
    public String toString() {
        return scheme + params;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return s.charAt(pos);
        }

        /** True when a {@code name=value} pair starts here (and not a token68 ending in '='). */
        boolean startsParam() {
            int save = pos;
            try {
                if (token().isEmpty()) {
                    return false;
                }
                skipSpaces();
                if (atEnd() || peek() != '=') {
                    return false;
                }
                pos++;
                skipSpaces();
                return !atEnd() && peek() != '=' && peek() != ',';
            } finally {
                pos = save;
            }
        }

        void skipSpaces() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                pos++;
            }
        }

        void skipSeparators() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == ',')) {
                pos++;
            }
        }

        /** RFC 7230 tchar run. */
        String token() {
            int start = pos;
            while (!atEnd() && isTchar(peek())) {
                pos++;
            }
            return s.substring(start, pos);
        }

        String token68() {
            int start = pos;
            while (!atEnd() && (Character.isLetterOrDigit(peek()) || "-._~+/".indexOf(peek()) >= 0)) {
                pos++;
            }
            while (!atEnd() && peek() == '=') {
                pos++;
            }
            return s.substring(start, pos);
        }

        String quoted() {
            StringBuilder b = new StringBuilder();
            pos++; // opening quote
            while (!atEnd()) {
                char c = s.charAt(pos++);
                if (c == '\\' && !atEnd()) {
                    b.append(s.charAt(pos++));
                } else if (c == '"') {
                    return b.toString();
                } else {
                    b.append(c);
                }
            }
            return b.toString(); // unterminated: take what there is
        }

        private static boolean isTchar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }
    }
}
