package io.whittle.testkit.emulator;

import io.whittle.testkit.TokenIssuer.Access;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A distribution API request classified: which repository, which kind of resource, and the token access it
 * needs (pull for reads, pull and push for writes, delete for deletes; a cross-repository mount also pulls from
 * its source).
 *
 * @param kind      {@code base} ({@code /v2/}), {@code catalog}, {@code manifests}, {@code blobs}, {@code uploads},
 *                  {@code tags}, or {@code other}
 * @param reference the tag or digest of a manifest, the digest of a blob, the upload id; empty otherwise
 */
public record RegistryCall(String method, String kind, Optional<String> repository, Optional<String> reference,
                           List<Access> needed) {
    private static final Pattern REPO = Pattern.compile(
            "^/v2/(.+)/(manifests|blobs/uploads|blobs|tags)(?:/([^/]*))?$");

    public RegistryCall {
        needed = List.copyOf(needed);
    }

    /** Classifies a request by method, raw path and query. */
    public static RegistryCall of(String method, String rawPath, Call call) {
        if (rawPath.equals("/v2/") || rawPath.equals("/v2")) {
            return new RegistryCall(method, "base", Optional.empty(), Optional.empty(), List.of());
        }
        if (rawPath.equals("/v2/_catalog")) {
            return new RegistryCall(method, "catalog", Optional.empty(), Optional.empty(),
                    List.of(new Access("registry", "catalog", List.of("*"))));
        }
        Matcher m = REPO.matcher(rawPath);
        if (!m.matches()) {
            return new RegistryCall(method, "other", Optional.empty(), Optional.empty(), List.of());
        }
        String repo = m.group(1);
        String kind = switch (m.group(2)) {
            case "blobs/uploads" -> "uploads";
            default -> m.group(2);
        };
        Optional<String> ref = Optional.ofNullable(m.group(3)).filter(s -> !s.isEmpty()).map(Call::decode);
        List<Access> needed = new ArrayList<>();
        switch (method) {
            case "GET", "HEAD" -> needed.add(Access.repository(repo, "pull"));
            case "DELETE" -> needed.add(Access.repository(repo, kind.equals("uploads") ? "push" : "delete"));
            default -> {
                needed.add(Access.repository(repo, "pull", "push"));
                Optional<String> from = call.param("from");
                if (kind.equals("uploads") && call.param("mount").isPresent() && from.isPresent()
                        && !from.get().equals(repo)) {
                    needed.add(Access.repository(from.get(), "pull"));
                }
            }
        }
        return new RegistryCall(method, kind, Optional.of(repo), ref, needed);
    }

    /** The repository, for calls that have one. */
    public String repo() {
        return repository.orElseThrow(() -> new IllegalStateException("a " + kind + " request names no repository"));
    }

    /** A manifest request by tag (not by digest). */
    public boolean byTag() {
        return kind.equals("manifests") && reference.isPresent() && !reference.get().contains(":");
    }

    /** The scope strings of {@link #needed()}, as a challenge names them. */
    public String scope() {
        return String.join(" ", needed.stream().map(Access::scope).toList());
    }
}
