package io.whittle.registry;

import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import java.io.IOException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the credentials may push to a repository, without writing anything: {@code POST
 * /v2/<name>/blobs/uploads/} opens an upload session (which needs push access), then {@code DELETE} on its location
 * cancels it. The distribution API has no dry run; an empty session is the least a registry can be asked to do.
 */
final class PushProbe {
    private static final Logger LOG = LoggerFactory.getLogger(PushProbe.class);
    private static final String OPERATION = "check push permission";

    private final Repo repo;

    PushProbe(Repo repo) {
        this.repo = repo;
    }

    /**
     * True when the registry opened the session; false when it refused the credentials the push access.
     *
     * @throws AccessException for anything else (a missing repository, an unreachable registry)
     */
    boolean canPush() throws IOException {
        String subject = repo.display();
        Endpoint ep = repo.endpoint(OPERATION, subject);
        Request open = new Request(OPERATION, subject, "POST", repo.uri(ep, "blobs/uploads/"), ep)
                .scope(repo.push())
                .body(new Body.Bytes(new byte[0], "application/octet-stream"))
                .ok(202);
        URI session;
        try (Response resp = repo.caller().send(open)) {
            session = BlobPusher.location(resp, subject);
        } catch (AccessException e) {
            if (e.failure() == Failure.DENIED || e.failure() == Failure.UNAUTHORIZED) {
                return false;
            }
            throw e;
        }
        cancel(ep, subject, session);
        return true;
    }

    /**
     * Ends the session. Registries ask for delete access to cancel an upload (CNCF distribution does); without it the
     * empty session stays until the registry purges idle uploads, which is harmless, so a refusal is only logged.
     */
    private void cancel(Endpoint ep, String subject, URI session) {
        Request delete = new Request(OPERATION, subject, "DELETE", session, ep)
                .scope(Scope.repository(repo.name(), Scope.DELETE))
                .ok(204, 200, 202, 404);
        try {
            repo.caller().send(delete).close();
        } catch (IOException e) {
            LOG.debug("{} {}: the probe's upload session was not cancelled: {}", OPERATION, subject, e.getMessage());
        }
    }
}
