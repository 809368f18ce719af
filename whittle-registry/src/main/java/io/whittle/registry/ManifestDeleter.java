package io.whittle.registry;

import io.whittle.oci.Digest;
import java.io.IOException;

/**
 * {@code DELETE /v2/<name>/manifests/<ref>}. Deleting by digest removes the manifest and every tag on it; by tag,
 * only registries that implement tag deletion oblige, and the others get a message saying what to do instead.
 */
final class ManifestDeleter {
    private final Repo repo;

    ManifestDeleter(Repo repo) {
        this.repo = repo;
    }

    void delete(String ref) throws IOException {
        String subject = repo.display(ref);
        Endpoint ep = repo.endpoint("delete manifest", subject);
        Request r = new Request("delete manifest", subject, "DELETE", repo.uri(ep, "manifests/" + ref), ep)
                .scope(Scope.repository(repo.name(), Scope.DELETE))
                .ok(202, 200, 204);
        try {
            repo.caller().send(r).close();
        } catch (RegistryException e) {
            boolean byTag = !Digest.isDigest(ref);
            boolean refused = e.status() == 400 || e.status() == 405 || e.has(ErrorCode.UNSUPPORTED)
                    || e.has(ErrorCode.DIGEST_INVALID);
            if (byTag && refused && e.failure() != io.whittle.oci.Failure.NOT_FOUND) {
                String codes = e.codes().isEmpty() ? "" : " (" + String.join(", ", e.codes()) + ")";
                throw new RegistryException(io.whittle.oci.Failure.UNSUPPORTED, e.status(), e.details(),
                        "delete manifest", subject, "delete manifest " + subject + ": this registry cannot delete a"
                        + " tag on its own" + codes + ": delete the manifest by digest instead, which removes every"
                        + " tag that points to it", false);
            }
            throw e;
        }
    }
}
