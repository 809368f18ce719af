package io.whittle.server.http;

import io.javalin.http.Context;
import io.whittle.server.auth.Principal;

/** A handler of an authenticated route: it receives the caller, already checked against the route's access. */
@FunctionalInterface
public interface RouteHandler {
    void handle(Context ctx, Principal caller) throws Exception;
}
