package io.whittle.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import io.whittle.oci.JsonTree;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pages through a name list ({@code tags/list} or {@code _catalog}) with {@code n} and the {@code Link} header.
 * The next-page link must stay on the registry's own origin: a list cannot send Whittle elsewhere.
 */
final class NameLister {
    /** Lists are not manifests, but a page this large is already unreasonable. */
    static final long MAX_PAGE = 8 * Sizes.MIB;
    private static final int MAX_PAGES = 100_000;

    private final RegistryCaller caller;
    private final Endpoint ep;
    private final String operation;
    private final String subject;
    private final Scope scope;
    private final String field;

    NameLister(RegistryCaller caller, Endpoint ep, String operation, String subject, Scope scope, String field) {
        this.caller = caller;
        this.ep = ep;
        this.operation = operation;
        this.subject = subject;
        this.scope = scope;
        this.field = field;
    }

    /** One page: from {@code first} (with {@code n} when positive), or from a cursor of an earlier page. */
    Page page(String firstPath, int n, Optional<String> cursor) throws IOException {
        URI uri;
        if (cursor.isPresent()) {
            uri = fromCursor(cursor.get());
        } else {
            uri = ep.base.resolve(firstPath);
            if (n > 0) {
                uri = Repo.withQuery(uri, "n", Integer.toString(n));
            }
        }
        Request r = Request.get(operation, subject, uri, ep).scope(scope).buffered(MAX_PAGE, "a list page");
        try (Response resp = caller.send(r)) {
            byte[] body = resp.readBody(MAX_PAGE, "a list page");
            List<String> names = parse(body);
            Optional<String> link = LinkHeader.next(resp.headers("Link"));
            Optional<String> next = Optional.empty();
            if (link.isPresent()) {
                String c = toCursor(resp.uri(), link.get());
                if (c == null) {
                    throw new AccessException(Failure.UNSUPPORTED, operation, subject, operation + " " + subject
                            + ": the registry's next-page link points outside the registry, which Whittle does not"
                            + " follow: the registry is misconfigured");
                }
                next = Optional.of(c);
            }
            if (next.isPresent() && next.get().equals(cursor.orElse(null))) {
                next = Optional.empty(); // a registry that links a page to itself would loop forever
            }
            return new Page(names, next);
        }
    }

    List<String> all(String firstPath, int n) throws IOException {
        List<String> out = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        for (int i = 0; i < MAX_PAGES; i++) {
            Page p = page(firstPath, n, cursor);
            out.addAll(p.items());
            if (p.next().isEmpty()) {
                return out;
            }
            cursor = p.next();
        }
        return out;
    }

    private List<String> parse(byte[] body) throws AccessException {
        JsonNode root;
        try {
            root = JsonTree.parse(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw new AccessException(Failure.UNSUPPORTED, operation, subject, operation + " " + subject
                    + ": the registry's answer is not a JSON object: the registry is misbehaving");
        }
        List<String> names = new ArrayList<>();
        JsonNode list = root.get(field);
        if (list != null && list.isArray()) {
            list.forEach(x -> names.add(x.asText()));
        }
        return names;
    }

    /** The cursor is the link's path and query, resolved against the page it came from. */
    private String toCursor(URI page, String link) {
        try {
            URI next = page.resolve(new URI(link));
            if (!ep.sameOrigin(next)) {
                return null;
            }
            return next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private URI fromCursor(String cursor) throws AccessException {
        try {
            URI u = ep.base.resolve(new URI(cursor));
            if (ep.sameOrigin(u) && u.getRawPath() != null && u.getRawPath().startsWith("/v2/")) {
                return u;
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // reported below
        }
        throw new AccessException(Failure.INVALID, operation, subject, operation + " " + subject + ": the page"
                + " cursor '" + cursor + "' does not belong to this registry: pass back the cursor of the previous"
                + " page unchanged");
    }
}
