package io.whittle.server.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.javalin.http.Context;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads a request's JSON body into a record, answering the caller's mistakes as problems that never echo what was
 * sent (a body may hold a password): malformed JSON is 400 with the line and column; a missing required member
 * (every record component that is not an {@link Optional}) or a value of the wrong type is 422 with the field
 * named in {@code errors}; an {@link IllegalArgumentException} or {@link ApiProblem} from the record's own
 * validation passes its sentence on.
 */
public final class Bodies {
    private Bodies() {
    }

    public static <T> T read(Context ctx, Class<T> type) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw ApiProblem.badRequest("Send a JSON object as the request body, with Content-Type: application/json.");
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw malformed(e);
        }
        return bind(tree, type);
    }

    /** Binds an already parsed JSON value; for handlers that read parts of a body themselves. */
    public static <T> T bind(JsonNode tree, Class<T> type) {
        if (tree == null || !tree.isObject()) {
            throw ApiProblem.badRequest("The request body must be a JSON object: see the API document for its members.");
        }
        if (type.isRecord()) {
            List<FieldError> missing = new ArrayList<>();
            for (RecordComponent c : type.getRecordComponents()) {
                if (c.getType() != Optional.class
                        && (!tree.has(c.getName()) || tree.get(c.getName()).isNull())) {
                    missing.add(FieldError.of(c.getName(), "'" + c.getName() + "' is required."));
                }
            }
            if (!missing.isEmpty()) {
                throw invalid(missing);
            }
        }
        try {
            return Json.mapper().treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            throw fromValidation(e);
        } catch (DatabindException e) {
            throw wrongType(e);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    /** A 422 problem listing {@code errors}; its detail is the first one. */
    public static ApiProblem invalid(List<FieldError> errors) {
        String detail = errors.getFirst().message() + (errors.size() > 1
                ? " (and " + (errors.size() - 1) + " more problem" + (errors.size() > 2 ? "s" : "") + ")" : "");
        return ApiProblem.unprocessable(detail, Map.of("errors", List.copyOf(errors)));
    }

    private static ApiProblem fromValidation(ValueInstantiationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof ApiProblem problem) {
            return problem;
        }
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            String field = fieldPath(e);
            return field.isEmpty() ? ApiProblem.unprocessable(cause.getMessage(), Map.of("errors",
                    List.of(new FieldError(Optional.empty(), cause.getMessage()))))
                    : invalid(List.of(FieldError.of(field, cause.getMessage())));
        }
        return ApiProblem.badRequest("The request body does not describe a valid " + describe(e)
                + ": check it against the API document.");
    }

    private static ApiProblem wrongType(DatabindException e) {
        String field = fieldPath(e);
        if (field.isEmpty()) {
            return ApiProblem.badRequest("The request body does not match what this route expects: "
                    + "check it against the API document.");
        }
        String hint = e.getOriginalMessage() != null && e.getOriginalMessage().contains("use one of: ")
                ? " " + capitalize(e.getOriginalMessage().substring(e.getOriginalMessage().indexOf("use one of: ")))
                        .replaceAll("\\s*$", "") + "."
                : "";
        return invalid(List.of(FieldError.of(field, "'" + field + "' has the wrong type or value." + hint)));
    }

    private static ApiProblem malformed(Exception e) {
        String where = "";
        if (e instanceof JacksonException je) {
            JsonLocation loc = je.getLocation();
            if (loc != null && loc.getLineNr() > 0) {
                where = " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
            }
        }
        return ApiProblem.badRequest("The request body is not valid JSON" + where + ": check its syntax.");
    }

    private static String fieldPath(DatabindException e) {
        if (!(e instanceof JsonMappingException m)) {
            return "";
        }
        return m.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String describe(ValueInstantiationException e) {
        return e.getType() == null ? "request" : e.getType().getRawClass().getSimpleName();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
