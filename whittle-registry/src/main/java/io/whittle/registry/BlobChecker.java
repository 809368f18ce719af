package io.whittle.registry;

import io.whittle.oci.Digest;
import java.io.IOException;
import java.util.Optional;

/** {@code HEAD /v2/<name>/blobs/<digest>}: whether the registry has a blob, and its size. */
final class BlobChecker {
    private final Repo repo;

    BlobChecker(Repo repo) {
        this.repo = repo;
    }

    /** The blob's size when the registry has it ({@code -1} when it does not say), else empty. */
    Optional<Long> head(Digest digest) throws IOException {
        Endpoint ep = repo.endpoint("check blob", repo.display(digest.toString()));
        Request r = new Request("check blob", repo.display(digest.toString()), "HEAD",
                repo.uri(ep, "blobs/" + digest), ep)
                .scope(repo.pull())
                .ok(200, 404);
        try (Response resp = repo.caller().send(r)) {
            if (resp.status() == 404) {
                return Optional.empty();
            }
            return Optional.of(resp.contentLength().orElse(-1));
        }
    }
}
