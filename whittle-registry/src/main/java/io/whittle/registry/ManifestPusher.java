package io.whittle.registry;

import io.whittle.oci.AccessException;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.oci.InvalidDigestException;
import io.whittle.oci.Manifest;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code PUT /v2/<name>/manifests/<tag or digest>} with the manifest's exact bytes and media type. A registry
 * that ignores the manifest's {@code subject} (no {@code OCI-Subject} answer header) gets the referrer recorded in
 * the fallback tag, as the distribution spec asks of clients.
 */
final class ManifestPusher {
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

    private final Repo repo;

    ManifestPusher(Repo repo) {
        this.repo = repo;
    }

    Digest push(Manifest manifest, Optional<String> tag) throws IOException {
        Digest digest = manifest.digest();
        String ref = tag.orElse(digest.toString());
        String subject = repo.display(ref);
        if (tag.isPresent() && !TAG.matcher(tag.get()).matches()) {
            throw new AccessException(Failure.INVALID, "push manifest", subject, "push manifest " + subject + ": the tag '"
                    + tag.get() + "' is invalid: a tag is 1-128 letters, digits, '_', '.' and '-', not starting with"
                    + " '.' or '-'");
        }
        Endpoint ep = repo.endpoint("push manifest", subject);
        Request r = new Request("push manifest", subject, "PUT", repo.uri(ep, "manifests/" + ref), ep)
                .scope(repo.push())
                .body(new Body.Bytes(manifest.raw(), manifest.mediaType()))
                .ok(201, 202, 200);
        boolean subjectHandled;
        try (Response resp = repo.caller().send(r)) {
            Optional<String> stored = resp.header("Docker-Content-Digest").map(String::strip).filter(s -> !s.isEmpty());
            if (stored.isPresent()) {
                Digest d;
                try {
                    d = Digest.parse(stored.get());
                } catch (InvalidDigestException e) {
                    throw ManifestPuller.corrupt("push manifest", subject, "the registry answered with the invalid"
                            + " digest '" + stored.get() + "'");
                }
                if (!d.equals(digest) && d.algorithm() == digest.algorithm()) {
                    throw ManifestPuller.corrupt("push manifest", subject, "the registry stored the manifest as " + d
                            + " instead of " + digest + ", so it changed the bytes");
                }
            }
            subjectHandled = resp.header("OCI-Subject").isPresent();
        }
        if (manifest.subject().isPresent() && !subjectHandled) {
            new ReferrersLister(repo).recordInFallbackTag(manifest.subject().get().digest(), manifest);
        }
        return digest;
    }
}
