package io.whittle.server.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.HttpStatus;
import io.whittle.server.auth.SessionCookie;
import io.whittle.server.http.Access;
import io.whittle.server.http.ApiRoute;
import io.whittle.server.http.FieldError;
import io.whittle.server.http.Json;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The OpenAPI 3.1 document of the routes {@link io.whittle.server.http.Routes} registered: one operation per route
 * with its parameters, body and responses (schemas from {@link Schemas}), the problem responses it can give, who may
 * call it ({@code security} and {@code x-whittle-access}), and the two ways to authenticate. Built from the same
 * list Javalin was given, so what is documented is what is served.
 */
public final class OpenApiDocument {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PROBLEM = "Problem";
    static final String BEARER = "bearerToken";
    static final String COOKIE = "sessionCookie";

    /** Titles of the problem responses, by status. */
    private static final Map<Integer, String> PROBLEM_TITLES = new TreeMap<>(Map.ofEntries(
            Map.entry(400, "The request is malformed"),
            Map.entry(401, "No credentials, or wrong, revoked or expired ones"),
            Map.entry(403, "The caller's role does not allow this, or the session's CSRF token is missing"),
            Map.entry(404, "Not found, or not in the caller's organization"),
            Map.entry(405, "The route does not take this method"),
            Map.entry(409, "Conflicts with the current state"),
            Map.entry(422, "Invalid fields; each is listed in errors"),
            Map.entry(429, "Too many attempts; retry after the Retry-After header's seconds"),
            Map.entry(500, "Unexpected failure; the log has the details under the requestId"),
            Map.entry(502, "A registry call failed"),
            Map.entry(503, "Not ready, or a dependency is unavailable")));

    private OpenApiDocument() {
    }

    /** The document for {@code routes}. */
    public static ObjectNode build(List<ApiRoute> routes, String version) {
        Schemas schemas = new Schemas();
        ObjectNode doc = NODES.objectNode();
        doc.put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Whittle API");
        info.put("version", version);
        info.put("description", "The Whittle platform's REST API. Authenticate with an API token "
                + "('Authorization: Bearer wht_…', created under /api/v1/tokens) or, from a browser, with the session "
                + "cookie set by POST /api/v1/session plus its CSRF token in the X-CSRF-Token header on every "
                + "POST, PUT, PATCH and DELETE. Errors are RFC 9457 problem documents. Listings are paginated: "
                + "pass a page's 'next' as the 'cursor' of the following request.");
        Set<String> tags = new LinkedHashSet<>();
        Set<Integer> statuses = new TreeSet<>();
        ObjectNode paths = doc.putObject("paths");
        for (ApiRoute r : routes) {
            statuses.addAll(problemStatuses(r));
            ObjectNode item = paths.has(r.openApiPath()) ? (ObjectNode) paths.get(r.openApiPath())
                    : paths.putObject(r.openApiPath());
            item.set(r.method().toLowerCase(Locale.ROOT), operation(r, schemas));
            if (!r.tag().isBlank()) {
                tags.add(r.tag());
            }
        }
        ArrayNode tagList = doc.putArray("tags");
        tags.forEach(t -> tagList.addObject().put("name", t));

        ObjectNode components = doc.putObject("components");
        ObjectNode problem = problemSchema(schemas);
        ObjectNode schemaNode = components.putObject("schemas");
        schemaNode.set(PROBLEM, problem);
        new TreeMap<>(schemas.components()).forEach(schemaNode::set);
        ObjectNode responses = components.putObject("responses");
        statuses.forEach(status -> {
            ObjectNode resp = responses.putObject(responseName(status));
            resp.put("description", PROBLEM_TITLES.getOrDefault(status, HttpStatus.forStatus(status).getMessage()));
            resp.putObject("content").putObject("application/problem+json").putObject("schema")
                    .put("$ref", Schemas.REF_PREFIX + PROBLEM);
        });
        ObjectNode security = components.putObject("securitySchemes");
        security.putObject(BEARER).put("type", "http").put("scheme", "bearer")
                .put("description", "An API token (wht_…), scoped to one organization.");
        security.putObject(COOKIE).put("type", "apiKey").put("in", "cookie").put("name", SessionCookie.NAME)
                .put("description", "A browser session from POST /api/v1/session; unsafe methods also need the "
                        + "X-CSRF-Token header.");
        return doc;
    }

    private static ObjectNode operation(ApiRoute r, Schemas schemas) {
        ObjectNode op = NODES.objectNode();
        op.put("operationId", operationId(r));
        op.put("summary", r.summary());
        if (!r.description().isBlank()) {
            op.put("description", r.description());
        }
        if (!r.tag().isBlank()) {
            op.putArray("tags").add(r.tag());
        }
        op.put("x-whittle-access", Json.wireName(r.access()));
        ArrayNode security = op.putArray("security");
        if (r.access() != Access.PUBLIC) {
            security.addObject().putArray(BEARER);
            security.addObject().putArray(COOKIE);
        }
        ArrayNode params = NODES.arrayNode();
        for (String name : r.pathParameters()) {
            ObjectNode p = params.addObject();
            p.put("name", name).put("in", "path").put("required", true);
            p.putObject("schema").put("type", "string");
        }
        for (ApiRoute.Parameter q : r.query()) {
            ObjectNode p = params.addObject();
            p.put("name", q.name()).put("in", "query").put("required", q.required());
            if (!q.description().isBlank()) {
                p.put("description", q.description());
            }
            p.putObject("schema").put("type", q.type());
        }
        if (!params.isEmpty()) {
            op.set("parameters", params);
        }
        r.requestBody().ifPresent(type -> {
            ObjectNode body = op.putObject("requestBody");
            body.put("required", true);
            body.putObject("content").putObject("application/json").set("schema", schemas.schema(type));
        });
        ObjectNode responses = op.putObject("responses");
        ObjectNode ok = responses.putObject(Integer.toString(r.status()));
        ok.put("description", r.status() == 201 ? "Created" : r.status() == 204 ? "No content" : "OK");
        if (r.response().isPresent()) {
            ok.putObject("content").putObject(r.responseMediaType()).set("schema", responseSchema(r, schemas));
        } else if (!r.responseMediaType().equals("application/json") && r.status() != 204) {
            ok.putObject("content").putObject(r.responseMediaType()).putObject("schema").put("type", "string");
        }
        for (int status : problemStatuses(r)) {
            responses.putObject(Integer.toString(status)).put("$ref", "#/components/responses/" + responseName(status));
        }
        return op;
    }

    private static ObjectNode responseSchema(ApiRoute r, Schemas schemas) {
        Class<?> type = r.response().orElseThrow();
        return switch (r.shape()) {
            case ONE -> schemas.schema(type);
            case LIST -> {
                ObjectNode s = NODES.objectNode().put("type", "array");
                s.set("items", schemas.schema(type));
                yield s;
            }
            case PAGE -> {
                ObjectNode s = NODES.objectNode().put("type", "object");
                ObjectNode props = s.putObject("properties");
                ObjectNode items = props.putObject("items").put("type", "array");
                items.set("items", schemas.schema(type));
                props.putObject("next").put("description", "The cursor of the next page; null on the last page.")
                        .putArray("type").add("string").add("null");
                s.putArray("required").add("items").add("next");
                yield s;
            }
        };
    }

    /** The problems a route can answer: those its kind implies, and those it declares. */
    static Set<Integer> problemStatuses(ApiRoute r) {
        Set<Integer> statuses = new TreeSet<>(r.problems());
        boolean unsafe = !Set.of("GET", "HEAD", "OPTIONS").contains(r.method());
        if (r.access() != Access.PUBLIC) {
            statuses.add(401);
            if (unsafe || r.access() != Access.READ) {
                statuses.add(403);
            }
        }
        if (!r.pathParameters().isEmpty()) {
            statuses.add(404);
        }
        if (!r.query().isEmpty()) {
            statuses.add(400);
        }
        if (r.requestBody().isPresent()) {
            statuses.add(400);
            statuses.add(422);
        }
        statuses.add(500);
        return statuses;
    }

    private static ObjectNode problemSchema(Schemas schemas) {
        ObjectNode s = NODES.objectNode().put("type", "object");
        s.put("description", "An RFC 9457 problem document.");
        ObjectNode p = s.putObject("properties");
        p.putObject("type").put("type", "string").put("format", "uri-reference");
        p.putObject("title").put("type", "string");
        p.putObject("status").put("type", "integer");
        p.putObject("detail").put("type", "string").put("description", "What went wrong and what to do, in one sentence.");
        p.putObject("instance").put("type", "string").put("description", "The request path.");
        p.putObject("requestId").put("type", "string").put("description", "Names the request in the server's log.");
        ObjectNode errors = p.putObject("errors").put("type", "array")
                .put("description", "With 422: each invalid field and what is wrong with it.");
        errors.set("items", schemas.reference(FieldError.class));
        s.putArray("required").add("type").add("title").add("status").add("detail").add("instance");
        return s;
    }

    private static String responseName(int status) {
        return "Problem" + status;
    }

    private static String operationId(ApiRoute r) {
        StringBuilder id = new StringBuilder(r.method().toLowerCase(Locale.ROOT));
        for (String part : r.openApiPath().split("[/{}._-]+")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.toString();
    }
}
