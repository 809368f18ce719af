package io.whittle.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.whittle.oci.Json;
import io.whittle.testkit.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/** One request as a handler sees it: method, raw path and its matched groups, query, headers and body. */
public final class Call {
    /** Request bodies that handlers read whole (JSON, forms, AWS calls) are small; anything bigger is refused. */
    static final int MAX_BODY = 4 * 1024 * 1024;

    private final HttpExchange exchange;
    private final Matcher match;
    private final Map<String, List<String>> query;
    private byte[] body;

    Call(HttpExchange exchange, Matcher match) {
        this.exchange = exchange;
        this.match = match;
        this.query = parseForm(rawQuery());
    }

    public String method() {
        return exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    }

    /** The path as sent, still percent-encoded. */
    public String rawPath() {
        return exchange.getRequestURI().getRawPath();
    }

    /** The raw query string, empty when there is none. */
    public String rawQuery() {
        return Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
    }

    /** A group of the route's path pattern, percent-decoded. */
    public String group(int i) {
        // In a path '+' is itself, not a space.
        return decode(match.group(i).replace("+", "%2B"));
    }

    /** A group of the route's path pattern, as sent. */
    public String rawGroup(int i) {
        return match.group(i);
    }

    /** The first value of a query parameter. */
    public Optional<String> param(String name) {
        return Optional.ofNullable(query.get(name)).filter(v -> !v.isEmpty()).map(List::getFirst);
    }

    /** Every value of a query parameter. */
    public List<String> params(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** An integer query parameter, or the default when absent. */
    public int intParam(String name, int defaultValue) {
        Optional<String> v = param(name);
        if (v.isEmpty() || v.get().isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.get());
        } catch (NumberFormatException e) {
            throw new BadRequest("query parameter " + name + " must be an integer, got '" + v.get() + "'");
        }
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    /** Every value of a header, in order. */
    public List<String> headerValues(String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().get(name)).map(List::copyOf).orElse(List.of());
    }

    /** The {@code Host} header, {@code host:port}. */
    public String host() {
        return header("Host").orElse(exchange.getLocalAddress().getHostString() + ":"
                + exchange.getLocalAddress().getPort());
    }

    /** The credentials of an {@code Authorization: Basic} header; empty when there is none or it is malformed. */
    public Optional<Credentials> basic() {
        return header("Authorization").filter(a -> a.regionMatches(true, 0, "Basic ", 0, 6)).flatMap(a -> {
            try {
                String pair = new String(Base64.getDecoder().decode(a.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon <= 0 ? Optional.empty()
                        : Optional.of(Credentials.of(pair.substring(0, colon), pair.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /** The token of an {@code Authorization: <scheme> <token>} header with that scheme (case-insensitive). */
    public Optional<String> authorization(String scheme) {
        return header("Authorization").filter(a -> a.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1))
                .map(a -> a.substring(scheme.length() + 1).trim());
    }

    /** {@code Authorization: Bearer …}. */
    public Optional<String> bearer() {
        return authorization("Bearer");
    }

    /** The whole body, read once; at most 4 MiB. */
    public byte[] body() {
        if (body == null) {
            try (InputStream in = exchange.getRequestBody()) {
                byte[] b = in.readNBytes(MAX_BODY + 1);
                if (b.length > MAX_BODY) {
                    throw new BadRequest("the request body is over " + MAX_BODY + " bytes");
                }
                body = b;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return body;
    }

    /** The body as a stream, for handlers that pass it on; do not mix with {@link #body()}. */
    public InputStream bodyStream() {
        return exchange.getRequestBody();
    }

    /** The body parsed as {@code application/x-www-form-urlencoded}. */
    public Map<String, List<String>> form() {
        return parseForm(new String(body(), StandardCharsets.UTF_8));
    }

    /** The first value of a form field. */
    public Optional<String> formField(String name) {
        return Optional.ofNullable(form().get(name)).filter(v -> !v.isEmpty()).map(List::getFirst);
    }

    /** The body parsed as JSON; a malformed body is a {@link BadRequest}. */
    public JsonNode json() {
        byte[] b = body();
        if (b.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(b);
        } catch (IOException e) {
            throw new BadRequest("the request body is not valid JSON: " + e.getMessage());
        }
    }

    /** Every header as received, names as sent. */
    public List<Map.Entry<String, String>> headers() {
        List<Map.Entry<String, String>> all = new ArrayList<>();
        exchange.getRequestHeaders().forEach((k, vs) -> vs.forEach(v -> all.add(Map.entry(k, v))));
        return all;
    }

    static Map<String, List<String>> parseForm(String s) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (s == null || s.isEmpty()) {
            return out;
        }
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("'" + s + "' is not correctly percent-encoded");
        }
    }

    /** Thrown by handlers for a malformed request; the endpoint answers 400 with the message. */
    public static final class BadRequest extends RuntimeException {
        public BadRequest(String message) {
            super(message);
        }
    }
}
