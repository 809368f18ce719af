package io.whittle.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.connector.http.RestClient;
import io.whittle.connector.http.RestRequest;
import io.whittle.connector.http.RestResponse;
import io.whittle.oci.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.CharBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Gets an API token for the CLI with a username and password: signs in (a short browser-style session), creates a
 * token named after this machine in that session, and signs out again. The password is sent once, to the server
 * only, and never kept; only the token is.
 */
final class PasswordSignIn {
    private static final String COOKIE = "whittle_session";
    private static final String CSRF_HEADER = "X-CSRF-Token";

    private final URI server;
    private final RestClient rest;

    PasswordSignIn(URI server, RestClient rest) {
        this.server = server;
        this.rest = rest;
    }

    /** The new token's secret. */
    String token(String username, char[] password, String tokenName) throws IOException {
        ObjectNode signIn = Json.MAPPER.createObjectNode().put("username", username);
        String body;
        try {
            signIn.put("password", CharBuffer.wrap(password).toString());
            body = Json.MAPPER.writeValueAsString(signIn);
        } finally {
            signIn.remove("password");
            Arrays.fill(password, '\0');
        }
        RestResponse session = rest.send(RestRequest.of("POST", "sign in to", server.toString(),
                URI.create(server + "/api/v1/session")).json(body).noRetry());
        check(session);
        String cookie = session.headers("Set-Cookie").stream()
                .filter(c -> c.startsWith(COOKIE + "="))
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new IOException("the server at " + server + " signed in without a session cookie:"
                        + " is it a Whittle server?"));
        String csrf = session.jsonOrEmpty().path("csrfToken").asText("");
        try {
            ObjectNode request = Json.MAPPER.createObjectNode().put("name", tokenName);
            RestResponse created = rest.send(RestRequest.of("POST", "create a token on", server.toString(),
                    URI.create(server + "/api/v1/tokens")).header("Cookie", cookie).header(CSRF_HEADER, csrf)
                    .json(Json.MAPPER.writeValueAsString(request)).noRetry());
            check(created);
            String secret = created.jsonOrEmpty().path("secret").asText("");
            if (secret.isEmpty()) {
                throw new IOException("the server at " + server + " created no token: is it a Whittle server?");
            }
            return secret;
        } finally {
            try {
                rest.send(RestRequest.of("DELETE", "sign out of", server.toString(),
                        URI.create(server + "/api/v1/session")).header("Cookie", cookie).header(CSRF_HEADER, csrf)
                        .noRetry());
            } catch (IOException e) {
                // the session expires by itself
            }
        }
    }

    private void check(RestResponse r) throws RemoteProblem {
        if (!r.ok()) {
            JsonNode problem = r.jsonOrEmpty();
            String detail = Optional.ofNullable(problem.path("detail").textValue()).filter(d -> !d.isBlank())
                    .orElse("the server at " + server + " answered HTTP " + r.status());
            throw new RemoteProblem(r.status(), detail);
        }
    }
}
