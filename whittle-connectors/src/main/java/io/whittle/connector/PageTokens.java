package io.whittle.connector;

import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Page tokens handed to callers. They come back from outside (a CLI flag, a web query), so they never hold a URL to
 * follow: only a page number or the provider's own opaque continuation value, from which the provider's configured
 * base URL rebuilds the request.
 */
public final class PageTokens {
    private PageTokens() {
    }

    /** The page number a token holds; 1 without a token. */
    public static int number(Optional<String> token) throws AccessException {
        if (token.isEmpty()) {
            return 1;
        }
        try {
            int n = Integer.parseInt(token.get());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(token.get());
    }

    /** The token of the page after {@code page}, when the provider said there is more. */
    public static Optional<String> after(int page, boolean more) {
        return more ? Optional.of(String.valueOf(page + 1)) : Optional.empty();
    }

    /** A requested page size within what the provider accepts: 1 to {@code max}. */
    public static int size(int requested, int max) {
        return Math.max(1, Math.min(max, requested));
    }

    /** A provider's continuation value, checked to be plain text (no control characters, bounded). */
    public static String opaque(String token) throws AccessException {
        if (token.length() > 4096 || token.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw invalid(token);
        }
        return token;
    }

    public static AccessException invalid(String token) {
        String shown = token.length() > 40 ? token.substring(0, 40) + "…" : token;
        return new AccessException(Failure.INVALID, "list", "page", "'" + shown + "' is not a page token this"
                + " connector handed out: start again from the first page.");
    }

    /** One query parameter of a URL, decoded. */
    public static Optional<String> queryParam(URI uri, String name) {
        String q = uri.getRawQuery();
        if (q == null) {
            return Optional.empty();
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (URLDecoder.decode(k, StandardCharsets.UTF_8).equals(name)) {
                return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** URL-encodes one path segment or query value ({@code /} becomes {@code %2F}). */
    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
