package io.whittle.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.oci.ImageManifest;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.Json;
import io.whittle.oci.Manifest;
import io.whittle.oci.MediaType;
import io.whittle.oci.OciException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The manifests that refer to a subject: {@code GET /v2/<name>/referrers/<digest>?artifactType=} where the
 * registry has the referrers API, else the index kept under the fallback tag {@code <alg>-<hex>} (the
 * distribution spec's tag schema). Filtering by artifact type is done here when the registry did not.
 */
final class ReferrersLister {
    private final Repo repo;

    ReferrersLister(Repo repo) {
        this.repo = repo;
    }

    IndexManifest list(Digest subject, Optional<String> artifactType) throws IOException {
        String display = repo.display(subject.toString());
        Endpoint ep = repo.endpoint("list referrers", display);
        var uri = repo.uri(ep, "referrers/" + subject);
        if (artifactType.isPresent()) {
            uri = Repo.withQuery(uri, "artifactType", artifactType.get());
        }
        Request r = Request.get("list referrers", display, uri, ep)
                .scope(repo.pull())
                .header("Accept", MediaType.OCI_INDEX)
                .ok(200, 404)
                .buffered(ManifestPuller.MAX_MANIFEST, "a referrers index");
        IndexManifest index;
        boolean filtered;
        try (Response resp = repo.caller().send(r)) {
            if (resp.status() == 200) {
                byte[] raw = resp.readBody(ManifestPuller.MAX_MANIFEST, "a referrers index");
                index = parseIndex(raw, display);
                filtered = resp.headers("OCI-Filters-Applied").stream()
                        .anyMatch(h -> h.toLowerCase(Locale.ROOT).contains("artifacttype"));
            } else {
                index = null;
                filtered = false;
            }
        }
        if (index == null) {
            index = fallback(subject).orElseGet(() -> build(List.of()));
        }
        if (artifactType.isPresent() && !filtered) {
            String wanted = artifactType.get();
            List<Descriptor> kept = index.manifests().stream()
                    .filter(d -> d.artifactType().filter(wanted::equals).isPresent()).toList();
            if (kept.size() != index.manifests().size()) {
                index = build(kept);
            }
        }
        return index;
    }

    /** The index under the fallback tag, when there is one. */
    private Optional<IndexManifest> fallback(Digest subject) throws IOException {
        try {
            Manifest m = new ManifestPuller(repo).pull(fallbackTag(subject));
            return m instanceof IndexManifest i ? Optional.of(i) : Optional.empty();
        } catch (AccessException e) {
            if (e.failure() == Failure.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Adds {@code referrer} to the fallback index of {@code subject} (for registries without the API). */
    void recordInFallbackTag(Digest subject, Manifest referrer) throws IOException {
        IndexManifest current = fallback(subject).orElseGet(() -> build(List.of()));
        Digest d = referrer.digest();
        if (current.manifests().stream().anyMatch(x -> x.digest().equals(d))) {
            return;
        }
        List<Descriptor> entries = new ArrayList<>(current.manifests());
        entries.add(describe(referrer));
        new ManifestPusher(repo).push(build(entries), Optional.of(fallbackTag(subject)));
    }

    /** {@code <alg>-<hex>}, with the algorithm cut to 32 and the hex to 64 characters, as the spec has it. */
    static String fallbackTag(Digest subject) {
        String alg = subject.algorithm().prefix();
        String hex = subject.hex();
        return (alg.length() > 32 ? alg.substring(0, 32) : alg) + "-" + (hex.length() > 64 ? hex.substring(0, 64) : hex);
    }

    private static Descriptor describe(Manifest m) {
        byte[] raw = m.raw();
        Optional<String> artifactType = m instanceof ImageManifest im
                ? im.artifactType().or(() -> Optional.of(im.config().mediaType()))
                : ((IndexManifest) m).artifactType();
        java.util.Map<String, String> annotations = m instanceof ImageManifest im ? im.annotations()
                : ((IndexManifest) m).annotations();
        return new Descriptor(m.mediaType(), Digest.sha256(raw), raw.length, List.of(), annotations,
                Optional.empty(), artifactType, Optional.empty());
    }

    private IndexManifest parseIndex(byte[] raw, String display) throws AccessException {
        try {
            Manifest m = Manifest.parse(raw, Optional.of(MediaType.OCI_INDEX));
            if (m instanceof IndexManifest i) {
                return i;
            }
        } catch (OciException e) {
            // reported below
        }
        throw new AccessException(Failure.UNSUPPORTED, "list referrers", display, "list referrers " + display
                + ": the registry's referrers answer is not an OCI image index: the registry is misbehaving");
    }

    static IndexManifest build(List<Descriptor> entries) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("schemaVersion", 2);
        n.put("mediaType", MediaType.OCI_INDEX);
        ArrayNode list = n.putArray("manifests");
        entries.forEach(d -> list.add(Json.toJson(d)));
        return (IndexManifest) Manifest.parse(Json.bytes(n), Optional.of(MediaType.OCI_INDEX));
    }
}
