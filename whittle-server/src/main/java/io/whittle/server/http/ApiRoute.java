package io.whittle.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One documented route: what {@link Routes} registered with Javalin, and what the OpenAPI document says about it.
 * Bodies are described by Java types (records of strings, numbers, booleans, {@link java.time.Instant}s, enums,
 * {@link Optional}s, lists, maps and nested records) from which the document derives schemas.
 *
 * @param method HTTP method in upper case
 * @param path Javalin path with {@code {name}} path parameters
 * @param response the 2xx body type (the item type for lists and pages), empty when the route answers 204
 * @param shape whether the 2xx body is one {@code response}, a JSON array of them, or a {@link PageBody} of them
 * @param responseMediaType {@code application/json} unless the route streams events or answers text
 * @param problems the problem statuses the route documents besides those every route of its kind has
 */
public record ApiRoute(String method, String path, Access access, String summary, String description, String tag,
        List<Parameter> query, Optional<Class<?>> requestBody, Optional<Class<?>> response, Shape shape,
        String responseMediaType, int status, Set<Integer> problems) {

    /** Javalin's {@code {name}} parameters, and {@code <name>} ones that may span slashes (repository names). */
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}/]+)}|<([^>/]+)>");

    /** How the 2xx body holds the {@link #response()} type. */
    public enum Shape {
        ONE,
        LIST,
        PAGE
    }

    /** A query parameter; {@code type} is a JSON schema type: string, integer or boolean. */
    public record Parameter(String name, String description, boolean required, String type) {
        public Parameter {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            if (!Set.of("string", "integer", "boolean").contains(type)) {
                throw new IllegalArgumentException("query parameter " + name + " has type " + type
                        + ": use string, integer or boolean");
            }
        }
    }

    public ApiRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(shape, "shape");
        query = List.copyOf(query);
        problems = Set.copyOf(problems);
        if (summary == null || summary.isBlank()) {
            throw new IllegalArgumentException("route " + method + " " + path + " needs a summary");
        }
    }

    /** The names of the path parameters, in order. */
    public List<String> pathParameters() {
        List<String> names = new ArrayList<>();
        Matcher m = PATH_PARAMETER.matcher(path);
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return names;
    }

    /** The path as OpenAPI writes it: every parameter in braces. */
    public String openApiPath() {
        return PATH_PARAMETER.matcher(path).replaceAll(r -> "{" + (r.group(1) != null ? r.group(1) : r.group(2)) + "}");
    }

    /** Whether the 2xx body is a JSON array of {@link #response()}. */
    public boolean responseIsList() {
        return shape == Shape.LIST;
    }

    /** Mutable description filled in by a route's registration. */
    public static final class Doc {
        private String summary = "";
        private String description = "";
        private String tag = "";
        private final List<Parameter> query = new ArrayList<>();
        private Class<?> requestBody;
        private Class<?> response;
        private Shape shape = Shape.ONE;
        private String responseMediaType = "application/json";
        private int status = 200;
        private final Set<Integer> problems = new TreeSet<>();

        public Doc summary(String text) {
            this.summary = text;
            return this;
        }

        public Doc description(String text) {
            this.description = text;
            return this;
        }

        public Doc tag(String name) {
            this.tag = name;
            return this;
        }

        public Doc query(String name, String text) {
            query.add(new Parameter(name, text, false, "string"));
            return this;
        }

        public Doc requiredQuery(String name, String text) {
            query.add(new Parameter(name, text, true, "string"));
            return this;
        }

        public Doc queryInteger(String name, String text) {
            query.add(new Parameter(name, text, false, "integer"));
            return this;
        }

        public Doc queryBoolean(String name, String text) {
            query.add(new Parameter(name, text, false, "boolean"));
            return this;
        }

        public Doc body(Class<?> type) {
            this.requestBody = type;
            return this;
        }

        public Doc returns(Class<?> type) {
            this.response = type;
            this.shape = Shape.ONE;
            return this;
        }

        public Doc returnsListOf(Class<?> type) {
            this.response = type;
            this.shape = Shape.LIST;
            return this;
        }

        /**
         * A paginated listing: the body is {@code {"items": [type…], "next": cursor or null}} (a {@link PageBody}),
         * and the route takes the {@code limit} and {@code cursor} query parameters that {@link Pagination} reads.
         */
        public Doc returnsPageOf(Class<?> type) {
            this.response = type;
            this.shape = Shape.PAGE;
            queryInteger(Pagination.LIMIT, "How many items to return, 1 to " + Pagination.MAX_LIMIT + " (default "
                    + Pagination.DEFAULT_LIMIT + ").");
            query(Pagination.CURSOR, "The 'next' value of the previous page; absent for the first page.");
            return this;
        }

        /** A body that is not JSON (server-sent events, Prometheus text, HTML). */
        public Doc produces(String mediaType) {
            this.responseMediaType = mediaType;
            return this;
        }

        public Doc status(int code) {
            this.status = code;
            return this;
        }

        /**
         * Problem statuses this route answers besides the ones derived from its shape (401 and 403 for protected
         * routes, 404 with path parameters, 400 and 422 with a body, 500 always): 409, 429, 502, 503…
         */
        public Doc problems(int... statuses) {
            for (int s : statuses) {
                problems.add(s);
            }
            return this;
        }

        ApiRoute build(String method, String path, Access access) {
            return new ApiRoute(method, path, access, summary, description, tag, query,
                    Optional.ofNullable(requestBody), Optional.ofNullable(response), shape, responseMediaType, status,
                    problems);
        }
    }
}
