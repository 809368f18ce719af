package io.whittle.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** One repository of one registry, as the operations see it: where to send requests and how to name things. */
record Repo(RegistryCaller caller, String registry, String name) {

    /** The registry's endpoint; a failure to reach it is reported as a failure of {@code operation}. */
    Endpoint endpoint(String operation, String subject) throws IOException {
        return caller.endpoint(registry, operation, subject);
    }

    /** {@code <base>/v2/<name>/<path>}. */
    URI uri(Endpoint ep, String path) {
        return ep.base.resolve("/v2/" + name + "/" + path);
    }

    /** {@code registry/name}, as messages show it. */
    String display() {
        return registry + "/" + name;
    }

    /** {@code registry/name:tag} or {@code registry/name@digest}. */
    String display(String tagOrDigest) {
        return display() + (tagOrDigest.indexOf(':') >= 0 ? "@" : ":") + tagOrDigest;
    }

    Scope pull() {
        return Scope.repository(name, Scope.PULL);
    }

    Scope push() {
        return Scope.repository(name, Scope.PUSH);
    }

    /** Adds {@code key=value} to {@code uri}'s query, keeping what is there (upload locations carry state). */
    static URI withQuery(URI uri, String key, String value) {
        String s = uri.toString();
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(0, hash);
        }
        String sep = uri.getRawQuery() == null ? "?" : (s.endsWith("?") || s.endsWith("&") ? "" : "&");
        return URI.create(s + sep + enc(key) + "=" + enc(value));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
