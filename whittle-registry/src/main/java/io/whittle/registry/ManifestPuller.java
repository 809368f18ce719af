package io.whittle.registry;

import io.whittle.oci.AccessException;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.oci.InvalidDigestException;
import io.whittle.oci.Manifest;
import io.whittle.oci.MediaType;
import io.whittle.oci.OciException;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /v2/<name>/manifests/<ref>} with all four manifest types accepted. The body is capped at 4 MiB;
 * fetched by digest it must hash to that digest, and a {@code Docker-Content-Digest} header must match it.
 */
final class ManifestPuller {
    static final long MAX_MANIFEST = 4 * Sizes.MIB;

    private final Repo repo;

    ManifestPuller(Repo repo) {
        this.repo = repo;
    }

    Manifest pull(String ref) throws IOException {
        Fetched f = fetch(ref);
        try {
            return Manifest.parse(f.raw, f.contentType);
        } catch (OciException e) {
            throw new AccessException(Failure.UNSUPPORTED, "pull manifest", repo.display(ref), "pull manifest "
                    + repo.display(ref) + ": " + e.getMessage(), false, null);
        }
    }

    record Fetched(byte[] raw, Optional<String> contentType) {
    }

    Fetched fetch(String ref) throws IOException {
        String subject = repo.display(ref);
        Endpoint ep = repo.endpoint("pull manifest", subject);
        Request r = Request.get("pull manifest", subject, repo.uri(ep, "manifests/" + ref), ep)
                .scope(repo.pull())
                .header("Accept", MediaType.MANIFEST_ACCEPT)
                .buffered(MAX_MANIFEST, "a manifest");
        try (Response resp = repo.caller().send(r)) {
            byte[] raw = resp.readBody(MAX_MANIFEST, "a manifest");
            verify(ref, raw, resp.header("Docker-Content-Digest"), "pull manifest", subject);
            return new Fetched(raw, resp.header("Content-Type"));
        }
    }

    /** Checks the bytes against the digest asked for and against the registry's own digest header. */
    static void verify(String ref, byte[] raw, Optional<String> header, String operation, String subject)
            throws AccessException {
        if (Digest.isDigest(ref)) {
            Digest wanted = Digest.parse(ref);
            Digest actual = Digest.of(wanted.algorithm(), raw);
            if (!actual.equals(wanted)) {
                throw corrupt(operation, subject, "the registry sent a manifest whose bytes hash to " + actual
                        + ", not to the digest asked for");
            }
        }
        if (header.isPresent() && !header.get().isBlank()) {
            Digest claimed;
            try {
                claimed = Digest.parse(header.get().strip());
            } catch (InvalidDigestException e) {
                throw corrupt(operation, subject, "the registry's Docker-Content-Digest header '" + header.get()
                        + "' is not a valid digest");
            }
            Digest actual = Digest.of(claimed.algorithm(), raw);
            if (!actual.equals(claimed)) {
                throw corrupt(operation, subject, "the registry says the manifest is " + claimed
                        + " (Docker-Content-Digest) but its bytes hash to " + actual);
            }
        }
    }

    static AccessException corrupt(String operation, String subject, String why) {
        return new AccessException(Failure.CORRUPT, operation, subject, operation + " " + subject + ": " + why
                + ": the registry's content is damaged or was tampered with; do not use it", false, null);
    }
}
