package io.whittle.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads JSON (manifests, registry and token answers, Docker's config) into Jackson's tree nodes and writes trees
 * back as compact bytes (an OCI layout's {@code index.json}); reads and writes the image spec's descriptors and
 * platforms. It needs no {@link com.fasterxml.jackson.databind.ObjectMapper} and no Jackson parser or generator: in
 * a fresh JVM, building the one and starting the others (date formats, locale data, {@code BigDecimal} constants)
 * costs some 30 ms, most of what a copy that finds everything in place does.
 *
 * <p>Strict RFC 8259, as Jackson's defaults are: UTF-8 (a leading byte-order mark is skipped), no comments, no
 * trailing commas, no leading zeros, no unescaped control characters, nothing after the value. A name given twice
 * keeps its last value. Integers become int, long or big-integer nodes, other numbers double nodes. Nesting deeper
 * than {@value #MAX_DEPTH} and numbers longer than {@value #MAX_NUMBER_LENGTH} characters are refused. Written
 * bytes are what Jackson's mapper writes for the same tree.
 */
public final class JsonTree {
    /** Far deeper than any manifest or answer nests; keeps hostile input from exhausting the stack. */
    static final int MAX_DEPTH = 500;
    static final int MAX_NUMBER_LENGTH = 1000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTree() {
    }

    /** The JSON value of {@code utf8}; an {@link IOException} says what is wrong and where. */
    public static JsonNode parse(byte[] utf8) throws IOException {
        int start = utf8.length >= 3 && (utf8[0] & 0xff) == 0xef && (utf8[1] & 0xff) == 0xbb
                && (utf8[2] & 0xff) == 0xbf ? 3 : 0;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8, start, utf8.length - start))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedJsonException("the bytes are not valid UTF-8");
        }
        return parse(text);
    }

    /** The JSON value of {@code text}. */
    public static JsonNode parse(String text) throws IOException {
        Reader r = new Reader(text);
        r.space();
        JsonNode value = r.value(0);
        r.space();
        if (r.pos < text.length()) {
            throw r.error("more follows the JSON value");
        }
        return value;
    }

    /** Reads a descriptor object; a missing or malformed field is an {@link OciException} naming it. */
    public static Descriptor descriptor(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new OciException("a descriptor is not a JSON object");
        }
        String mediaType = text(n, "mediaType").orElseThrow(() -> new OciException("a descriptor has no mediaType"));
        Digest digest = Digest.parse(text(n, "digest")
                .orElseThrow(() -> new OciException("a descriptor has no digest")));
        JsonNode size = n.get("size");
        if (size == null || !size.isIntegralNumber() || !size.canConvertToLong()) {
            throw new OciException("descriptor " + digest + " has no valid size: it needs a whole number of bytes");
        }
        JsonNode p = n.get("platform");
        Optional<Platform> platform = p != null && p.isObject() ? Optional.of(platform(p)) : Optional.empty();
        Optional<byte[]> data;
        try {
            Optional<String> encoded = text(n, "data");
            data = encoded.isPresent() ? Optional.of(Base64.getDecoder().decode(encoded.get())) : Optional.empty();
        } catch (IllegalArgumentException e) {
            throw new OciException("descriptor " + digest + " has embedded data that is not valid base64");
        }
        return new Descriptor(mediaType, digest, size.asLong(), stringList(n.get("urls")),
                stringMap(n.get("annotations")), platform, text(n, "artifactType"), data);
    }

    public static Platform platform(JsonNode n) {
        return new Platform(text(n, "os").orElse(""), text(n, "architecture").orElse(""), text(n, "variant"),
                text(n, "os.version"), stringList(n.get("os.features")));
    }

    /** An empty object node. */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** Writes a descriptor in the spec's field order. */
    public static ObjectNode toJson(Descriptor d) {
        ObjectNode n = NODES.objectNode();
        n.put("mediaType", d.mediaType());
        n.put("digest", d.digest().toString());
        n.put("size", d.size());
        if (!d.urls().isEmpty()) {
            ArrayNode urls = n.putArray("urls");
            for (String u : d.urls()) {
                urls.add(u);
            }
        }
        putAnnotations(n, d.annotations());
        if (d.data().isPresent()) {
            n.put("data", Base64.getEncoder().encodeToString(d.data().get()));
        }
        if (d.platform().isPresent()) {
            n.set("platform", toJson(d.platform().get()));
        }
        if (d.artifactType().isPresent()) {
            n.put("artifactType", d.artifactType().get());
        }
        return n;
    }

    /** Adds an {@code annotations} object, keys sorted so that the bytes are the same on every run; none when empty. */
    public static void putAnnotations(ObjectNode node, Map<String, String> annotations) {
        if (!annotations.isEmpty()) {
            ObjectNode a = node.putObject("annotations");
            for (Map.Entry<String, String> e : new TreeMap<>(annotations).entrySet()) {
                a.put(e.getKey(), e.getValue());
            }
        }
    }

    public static ObjectNode toJson(Platform p) {
        ObjectNode n = NODES.objectNode();
        n.put("architecture", p.architecture());
        n.put("os", p.os());
        if (p.osVersion().isPresent()) {
            n.put("os.version", p.osVersion().get());
        }
        if (!p.features().isEmpty()) {
            ArrayNode f = n.putArray("os.features");
            for (String feature : p.features()) {
                f.add(feature);
            }
        }
        if (p.variant().isPresent()) {
            n.put("variant", p.variant().get());
        }
        return n;
    }

    /**
     * Compact UTF-8 bytes of a tree: no white space, fields in their order, the escapes Jackson writes ({@code \"},
     * {@code \\}, {@code \b \t \n \f \r}; other control characters, and each half of a surrogate pair, as
     * {@code \}{@code uXXXX}).
     *
     * @throws IllegalArgumentException for nodes JSON cannot carry (binary, POJO, missing, non-finite numbers)
     */
    public static byte[] bytes(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A tree as people read it: two-space indents, {@code "key": value}, {@code { }} and {@code [ ]} when empty,
     * the escapes of {@link #bytes}; what Jackson's default pretty printer writes with those settings.
     */
    public static String pretty(JsonNode node) {
        StringBuilder out = new StringBuilder(512);
        pretty(node, out, 0);
        return out.toString();
    }

    private static void pretty(JsonNode n, StringBuilder out, int depth) {
        if (n.isObject()) {
            if (n.isEmpty()) {
                out.append("{ }");
                return;
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                out.append(first ? "\n" : ",\n");
                first = false;
                indent(out, depth + 1);
                quote(e.getKey(), out);
                out.append(": ");
                pretty(e.getValue(), out, depth + 1);
            }
            out.append('\n');
            indent(out, depth);
            out.append('}');
        } else if (n.isArray()) {
            if (n.isEmpty()) {
                out.append("[ ]");
                return;
            }
            out.append('[');
            for (int i = 0; i < n.size(); i++) {
                out.append(i == 0 ? "\n" : ",\n");
                indent(out, depth + 1);
                pretty(n.get(i), out, depth + 1);
            }
            out.append('\n');
            indent(out, depth);
            out.append(']');
        } else {
            write(n, out);
        }
    }

    private static void indent(StringBuilder out, int depth) {
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }

    private static void write(JsonNode n, StringBuilder out) {
        if (n.isObject()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (n.isArray()) {
            out.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(n.get(i), out);
            }
            out.append(']');
        } else if (n.isTextual()) {
            quote(n.textValue(), out);
        } else if (n.isNumber()) {
            if ((n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue())) {
                throw new IllegalArgumentException("JSON has no number " + n.doubleValue());
            }
            out.append(n.asText());
        } else if (n.isBoolean()) {
            out.append(n.booleanValue());
        } else if (n.isNull()) {
            out.append("null");
        } else {
            throw new IllegalArgumentException("a " + n.getNodeType() + " node has no JSON form here");
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            out.append(s, start, i).append('\\');
            switch (c) {
                case '"', '\\' -> out.append(c);
                case '\b' -> out.append('b');
                case '\t' -> out.append('t');
                case '\n' -> out.append('n');
                case '\f' -> out.append('f');
                case '\r' -> out.append('r');
                default -> out.append('u').append(HEX[c >> 12]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                        .append(HEX[c & 0xf]);
            }
            start = i + 1;
        }
        out.append(s, start, s.length()).append('"');
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return out;
    }

    static List<String> stringList(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode n : node) {
                out.add(n.asText());
            }
        }
        return out;
    }

    /** What is wrong with a JSON text, and at which character. */
    public static final class MalformedJsonException extends IOException {
        MalformedJsonException(String message) {
            super(message);
        }
    }

    /** A recursive-descent reader over the decoded text. */
    private static final class Reader {
        private final String s;
        private final int n;
        int pos;

        Reader(String s) {
            this.s = s;
            this.n = s.length();
        }

        MalformedJsonException error(String what) {
            return new MalformedJsonException(what + " at character " + (pos + 1));
        }

        void space() {
            while (pos < n) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return;
                }
                pos++;
            }
        }

        JsonNode value(int depth) throws MalformedJsonException {
            if (pos >= n) {
                throw error("the JSON ends where a value should be");
            }
            char c = s.charAt(pos);
            if (c == '{') {
                return object(depth + 1);
            }
            if (c == '[') {
                return array(depth + 1);
            }
            if (c == '"') {
                return NODES.textNode(string());
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                return number();
            }
            if (s.startsWith("true", pos)) {
                pos += 4;
                return NODES.booleanNode(true);
            }
            if (s.startsWith("false", pos)) {
                pos += 5;
                return NODES.booleanNode(false);
            }
            if (s.startsWith("null", pos)) {
                pos += 4;
                return NODES.nullNode();
            }
            throw error("unexpected character '" + printable(c) + "'");
        }

        private ObjectNode object(int depth) throws MalformedJsonException {
            checkDepth(depth);
            pos++;
            ObjectNode o = NODES.objectNode();
            space();
            if (pos < n && s.charAt(pos) == '}') {
                pos++;
                return o;
            }
            while (true) {
                if (pos >= n || s.charAt(pos) != '"') {
                    throw error("a field name in double quotes is missing");
                }
                String name = string();
                space();
                if (pos >= n || s.charAt(pos) != ':') {
                    throw error("':' is missing after field name \"" + name + "\"");
                }
                pos++;
                space();
                o.replace(name, value(depth));
                space();
                if (pos >= n) {
                    throw error("an object is not closed");
                }
                char c = s.charAt(pos++);
                if (c == '}') {
                    return o;
                }
                if (c != ',') {
                    pos--;
                    throw error("',' or '}' is missing in an object");
                }
                space();
            }
        }

        private ArrayNode array(int depth) throws MalformedJsonException {
            checkDepth(depth);
            pos++;
            ArrayNode a = NODES.arrayNode();
            space();
            if (pos < n && s.charAt(pos) == ']') {
                pos++;
                return a;
            }
            while (true) {
                a.add(value(depth));
                space();
                if (pos >= n) {
                    throw error("an array is not closed");
                }
                char c = s.charAt(pos++);
                if (c == ']') {
                    return a;
                }
                if (c != ',') {
                    pos--;
                    throw error("',' or ']' is missing in an array");
                }
                space();
            }
        }

        private void checkDepth(int depth) throws MalformedJsonException {
            if (depth > MAX_DEPTH) {
                throw error("the JSON nests more than " + MAX_DEPTH + " deep");
            }
        }

        private String string() throws MalformedJsonException {
            pos++;
            int start = pos;
            StringBuilder sb = null;
            while (true) {
                if (pos >= n) {
                    throw error("a string is not closed");
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    String out = sb == null ? s.substring(start, pos) : sb.append(s, start, pos).toString();
                    pos++;
                    return out;
                }
                if (c == '\\') {
                    if (sb == null) {
                        sb = new StringBuilder();
                    }
                    sb.append(s, start, pos);
                    pos++;
                    sb.append(escape());
                    start = pos;
                } else if (c < 0x20) {
                    throw error("a string holds an unescaped control character");
                } else {
                    pos++;
                }
            }
        }

        private char escape() throws MalformedJsonException {
            if (pos >= n) {
                throw error("a string is not closed");
            }
            char c = s.charAt(pos++);
            switch (c) {
                case '"':
                case '\\':
                case '/':
                    return c;
                case 'b':
                    return '\b';
                case 'f':
                    return '\f';
                case 'n':
                    return '\n';
                case 'r':
                    return '\r';
                case 't':
                    return '\t';
                case 'u':
                    if (pos + 4 > n) {
                        throw error("a \\u escape has fewer than four hex digits");
                    }
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = hex(s.charAt(pos++));
                        if (d < 0) {
                            pos--;
                            throw error("a \\u escape has a character that is not a hex digit");
                        }
                        v = v << 4 | d;
                    }
                    return (char) v;
                default:
                    pos--;
                    throw error("'\\" + printable(c) + "' is not a JSON escape");
            }
        }

        private static int hex(char c) {
            if (c >= '0' && c <= '9') {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f') {
                return c - 'a' + 10;
            }
            if (c >= 'A' && c <= 'F') {
                return c - 'A' + 10;
            }
            return -1;
        }

        private JsonNode number() throws MalformedJsonException {
            int start = pos;
            if (s.charAt(pos) == '-') {
                pos++;
            }
            if (pos < n && s.charAt(pos) == '0') {
                pos++;
            } else if (!digits()) {
                throw error("a number has no digits");
            }
            boolean integral = true;
            if (pos < n && s.charAt(pos) == '.') {
                integral = false;
                pos++;
                if (!digits()) {
                    throw error("a number has no digits after its decimal point");
                }
            }
            if (pos < n && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                integral = false;
                pos++;
                if (pos < n && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                if (!digits()) {
                    throw error("a number has no digits in its exponent");
                }
            }
            if (pos - start > MAX_NUMBER_LENGTH) {
                throw error("a number is longer than " + MAX_NUMBER_LENGTH + " characters");
            }
            String t = s.substring(start, pos);
            if (!integral) {
                return NODES.numberNode(Double.parseDouble(t));
            }
            int length = t.length() - (t.charAt(0) == '-' ? 1 : 0);
            if (length <= 18) {
                long v = Long.parseLong(t);
                return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
            }
            BigInteger big = new BigInteger(t);
            return big.bitLength() < 64 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
        }

        /** Skips one or more ASCII digits; false when there is none. */
        private boolean digits() {
            int start = pos;
            while (pos < n && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            return pos > start;
        }

        private static String printable(char c) {
            if (c >= 0x20 && c != 0x7f) {
                return String.valueOf(c);
            }
            String hex = Integer.toHexString(c);
            return "\\u" + "0".repeat(4 - hex.length()) + hex;
        }
    }
}
