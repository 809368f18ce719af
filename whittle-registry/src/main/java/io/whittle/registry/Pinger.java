package io.whittle.registry;

import java.io.IOException;
import java.util.List;

/**
 * {@code GET /v2/}: checks that a registry answers the distribution API and, when it asks for authentication,
 * that the credentials are accepted (a token for no scope is requested, as {@code docker login} does).
 */
final class Pinger {
    private final RegistryCaller caller;

    Pinger(RegistryCaller caller) {
        this.caller = caller;
    }

    void ping(String registry) throws IOException {
        caller.forget(registry); // learn the challenge afresh
        Endpoint ep = caller.endpoint(registry);
        if (ep.challenges().isEmpty()) {
            return;
        }
        caller.tokens().invalidate(ep, List.of(), null);
        Request r = Request.get("ping", registry, ep.base.resolve("/v2/"), ep).noRedirects();
        caller.send(r).close(); // 200: the credentials (or anonymous access) are accepted
    }
}
