package io.whittle.registry;

import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.InvalidDigestException;
import io.whittle.oci.MediaType;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code HEAD /v2/<name>/manifests/<ref>}: whether a manifest exists and its descriptor, without its body. When
 * the registry leaves out the digest or media type, the manifest is fetched (and verified) to describe it.
 */
final class ManifestChecker {
    private final Repo repo;

    ManifestChecker(Repo repo) {
        this.repo = repo;
    }

    Optional<Descriptor> head(String ref) throws IOException {
        String subject = repo.display(ref);
        Endpoint ep = repo.endpoint("check manifest", subject);
        Request r = new Request("check manifest", subject, "HEAD", repo.uri(ep, "manifests/" + ref), ep)
                .scope(repo.pull())
                .header("Accept", MediaType.MANIFEST_ACCEPT)
                .ok(200, 404);
        Optional<String> type;
        Optional<String> digest;
        OptionalLong size;
        try (Response resp = repo.caller().send(r)) {
            if (resp.status() == 404) {
                return Optional.empty();
            }
            type = resp.header("Content-Type").map(ManifestChecker::stripParameters);
            digest = resp.header("Docker-Content-Digest").map(String::strip).filter(s -> !s.isEmpty());
            size = resp.contentLength();
        }
        if (type.isPresent() && MediaType.isManifest(type.get()) && digest.isPresent() && size.isPresent()) {
            Digest d;
            try {
                d = Digest.parse(digest.get());
            } catch (InvalidDigestException e) {
                throw ManifestPuller.corrupt("check manifest", subject, "the registry's Docker-Content-Digest header '"
                        + digest.get() + "' is not a valid digest");
            }
            if (Digest.isDigest(ref) && !Digest.parse(ref).equals(d)) {
                throw ManifestPuller.corrupt("check manifest", subject, "the registry answered for " + d
                        + " when asked for " + ref);
            }
            return Optional.of(Descriptor.of(type.get(), d, size.getAsLong()));
        }
        // The registry left something out: fetch the manifest and describe what arrived.
        try {
            ManifestPuller.Fetched f = new ManifestPuller(repo).fetch(ref);
            String mediaType = io.whittle.oci.Manifest.parse(f.raw(), f.contentType()).mediaType();
            Digest d = Digest.isDigest(ref) ? Digest.parse(ref) : Digest.sha256(f.raw());
            return Optional.of(Descriptor.of(mediaType, d, f.raw().length));
        } catch (RegistryException e) {
            if (e.failure() == io.whittle.oci.Failure.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        } catch (io.whittle.oci.OciException e) {
            throw new io.whittle.oci.AccessException(io.whittle.oci.Failure.UNSUPPORTED, "check manifest", subject,
                    "check manifest " + subject + ": " + e.getMessage(), false, null);
        }
    }

    static String stripParameters(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip();
    }
}
