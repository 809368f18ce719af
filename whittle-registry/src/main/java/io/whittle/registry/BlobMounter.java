package io.whittle.registry;

import io.whittle.oci.Descriptor;
import java.io.IOException;

/**
 * Cross-repository mount: {@code POST /v2/<name>/blobs/uploads/?mount=<digest>&from=<repo>}. 201 means the blob
 * is now in this repository and nothing needs sending; 202 means the registry declined and opened an ordinary
 * upload session instead, which is handed to the next upload of that blob.
 */
final class BlobMounter {
    private final Repo repo;
    private final BlobPusher pusher;

    BlobMounter(Repo repo, BlobPusher pusher) {
        this.repo = repo;
        this.pusher = pusher;
    }

    boolean mount(Descriptor blob, String fromRepository) throws IOException {
        String subject = repo.display(blob.digest().toString());
        Endpoint ep = repo.endpoint("mount blob", subject);
        var uri = Repo.withQuery(Repo.withQuery(repo.uri(ep, "blobs/uploads/"), "mount", blob.digest().toString()),
                "from", fromRepository);
        Request r = new Request("mount blob", subject, "POST", uri, ep)
                .scope(repo.push())
                .scope(Scope.repository(fromRepository, Scope.PULL))
                .body(new Body.Bytes(new byte[0], "application/octet-stream"))
                .ok(201, 202);
        try (Response resp = repo.caller().send(r)) {
            if (resp.status() == 201) {
                return true;
            }
            if (resp.header("Location").isPresent()) {
                pusher.offer(blob.digest(), BlobPusher.location(resp, subject));
            }
            return false;
        }
    }
}
