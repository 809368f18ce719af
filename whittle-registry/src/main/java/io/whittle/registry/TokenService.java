package io.whittle.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import io.whittle.oci.JsonTree;
import io.whittle.registry.auth.Challenge;
import io.whittle.registry.auth.Credential;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens from a registry's token service (the realm of its {@code Bearer} challenge), cached per registry
 * and scope set until shortly before they expire. Basic credentials go to the realm as HTTP Basic on a GET; an
 * identity (refresh) token goes in an OAuth2 {@code grant_type=refresh_token} POST. A realm that
 * {@link RealmTrust} does not trust is asked without credentials.
 */
final class TokenService {
    static final long MAX_TOKEN_BODY = Sizes.MIB;
    private static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

    private final RegistryCaller caller;
    private final RealmTrust trust;
    private final ConcurrentHashMap<String, Slot> cache = new ConcurrentHashMap<>();

    TokenService(RegistryCaller caller, RealmTrust trust) {
        this.caller = caller;
        this.trust = trust;
    }

    /** A token valid for {@code scopes}, from the cache or fetched (once, however many threads ask). */
    String token(Endpoint ep, List<Scope> scopes) throws IOException {
        Slot slot = cache.computeIfAbsent(key(ep, scopes), k -> new Slot());
        synchronized (slot) {
            if (slot.token != null && Instant.now().isBefore(slot.expires)) {
                return slot.token;
            }
            Fetched f = fetch(ep, scopes);
            slot.token = f.token;
            slot.expires = f.expires;
            return f.token;
        }
    }

    /** Forgets {@code rejected} (a token the registry just refused), unless another thread already replaced it. */
    void invalidate(Endpoint ep, List<Scope> scopes, String rejected) {
        Slot slot = cache.get(key(ep, scopes));
        if (slot != null) {
            synchronized (slot) {
                if (rejected == null || rejected.equals(slot.token)) {
                    slot.token = null;
                }
            }
        }
    }

    private Fetched fetch(Endpoint ep, List<Scope> scopes) throws IOException {
        Challenge ch = ep.bearer().orElseThrow();
        String realmText = ch.param("realm").orElseThrow(() -> new AccessException(Failure.UNAUTHORIZED,
                "authenticate", ep.registry, "authenticate " + ep.registry + ": the registry asks for a bearer token"
                + " but names no token service (no realm in its challenge): the registry is misconfigured"));
        URI realm;
        try {
            realm = new URI(realmText);
        } catch (URISyntaxException e) {
            throw new AccessException(Failure.UNAUTHORIZED, "authenticate", ep.registry, "authenticate "
                    + ep.registry + ": the registry's token service address '" + realmText + "' is not a valid URL:"
                    + " the registry is misconfigured");
        }
        if (!realm.isAbsolute()) {
            realm = ep.base.resolve(realm);
        }
        try {
            caller.policy().checkUrl(realm);
        } catch (AccessException e) {
            throw new AccessException(Failure.BLOCKED, "authenticate", ep.registry, "authenticate " + ep.registry
                    + ": the registry's token service is not allowed: " + e.getMessage(), false, e);
        }
        Credential owned = ep.credential();
        Optional<String> distrust = trust.distrust(ep, realm);
        Credential cred = distrust.isPresent() ? Credential.ANONYMOUS : owned;
        ep.withheld = distrust.isPresent() && !owned.isAnonymous() ? distrust : Optional.empty();
        Optional<String> service = ch.param("service").filter(s -> !s.isEmpty());
        String subject = ep.registry;
        Optional<String> hint = cred.isAnonymous() ? Optional.empty()
                : Optional.of("the token service refused the credentials for " + ep.registry
                + ": check the user name and password or token");

        byte[] body;
        if (cred instanceof Credential.IdentityToken id) {
            StringBuilder form = new StringBuilder("grant_type=refresh_token&refresh_token=").append(enc(id.token()))
                    .append("&client_id=whittle");
            service.ifPresent(s -> form.append("&service=").append(enc(s)));
            if (!scopes.isEmpty()) {
                form.append("&scope=").append(enc(String.join(" ", scopes.stream().map(Scope::toString).toList())));
            }
            Request post = new Request("authenticate", subject, "POST", realm, null)
                    .body(new Body.Bytes(form.toString().getBytes(StandardCharsets.UTF_8),
                            "application/x-www-form-urlencoded"))
                    .ok(200, 404, 405).noRedirects().buffered(MAX_TOKEN_BODY, "a token answer");
            post.hint = hint;
            try (Response r = caller.send(post)) {
                if (r.status() == 200) {
                    body = r.readBody(MAX_TOKEN_BODY, "a token answer");
                    return parse(body, ep);
                }
            }
            // Not every token service speaks OAuth2: fall back to the plain token request, anonymously.
        }
        Request get = Request.get("authenticate", subject, withQuery(realm, service, scopes), null).noRedirects()
                .buffered(MAX_TOKEN_BODY, "a token answer");
        if (cred instanceof Credential.Basic b) {
            get.authorization = Optional.of(basic(b));
        }
        get.hint = hint;
        try (Response r = caller.send(get)) {
            body = r.readBody(MAX_TOKEN_BODY, "a token answer");
        }
        return parse(body, ep);
    }

    private Fetched parse(byte[] body, Endpoint ep) throws AccessException {
        JsonNode n;
        try {
            n = JsonTree.parse(body);
        } catch (IOException e) {
            n = null;
        }
        if (n == null || !n.isObject()) {
            throw new AccessException(Failure.UNAUTHORIZED, "authenticate", ep.registry, "authenticate " + ep.registry
                    + ": the token service did not answer with a JSON object: the registry's auth is misconfigured");
        }
        JsonNode answer = n;
        String token = text(answer, "token").or(() -> text(answer, "access_token")).orElseThrow(() -> new AccessException(
                Failure.UNAUTHORIZED, "authenticate", ep.registry, "authenticate " + ep.registry + ": the token"
                + " service answered without a token or access_token: the registry's auth is misconfigured"));
        Duration lifetime = DEFAULT_LIFETIME;
        JsonNode exp = n.get("expires_in");
        if (exp != null && exp.canConvertToLong() && exp.asLong() > 0) {
            lifetime = Duration.ofSeconds(exp.asLong());
        }
        // Renew a little early so that a token does not expire between cache and registry.
        Duration margin = Duration.ofMillis(Math.min(10_000, lifetime.toMillis() / 4));
        return new Fetched(token, Instant.now().plus(lifetime).minus(margin));
    }

    static String basic(Credential.Basic b) {
        return "Basic " + Base64.getEncoder().encodeToString((b.username() + ":" + b.secret())
                .getBytes(StandardCharsets.UTF_8));
    }

    private static URI withQuery(URI realm, Optional<String> service, List<Scope> scopes) {
        StringBuilder q = new StringBuilder(realm.getRawQuery() == null ? "" : realm.getRawQuery());
        service.ifPresent(s -> q.append(q.isEmpty() ? "" : "&").append("service=").append(enc(s)));
        for (Scope s : new TreeSet<>(scopes)) {
            q.append(q.isEmpty() ? "" : "&").append("scope=").append(enc(s.toString()));
        }
        String base = realm.toString();
        int cut = base.indexOf('?');
        if (cut >= 0) {
            base = base.substring(0, cut);
        }
        int frag = base.indexOf('#');
        if (frag >= 0) {
            base = base.substring(0, frag);
        }
        return URI.create(q.isEmpty() ? base : base + "?" + q);
    }

    private static String key(Endpoint ep, List<Scope> scopes) {
        return ep.registry + " " + String.join(" ", new TreeSet<>(scopes.stream().map(Scope::toString).toList()));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
    }

    private static final class Slot {
        String token;
        Instant expires = Instant.EPOCH;
    }

    private record Fetched(String token, Instant expires) {
    }
}
