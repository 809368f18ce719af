package io.whittle.server.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.platform.secret.SecretValue;
import io.whittle.server.http.Json;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * JSON schemas (OpenAPI 3.1, that is JSON Schema 2020-12) for the Java types of request and response bodies,
 * derived by reflection the way {@link Json#mapper()} writes them: a record is an object whose components are its
 * properties (all required but the {@link Optional} ones, which may be {@code null}), a list or set an array, a map
 * with string keys an object, an enum a string with its wire names. Records and enums become named components,
 * referenced wherever they are used. A type the mapper would not write predictably is refused, so the document
 * never guesses.
 */
final class Schemas {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String REF_PREFIX = "#/components/schemas/";

    private final Map<String, ObjectNode> components = new LinkedHashMap<>();
    private final Map<Class<?>, String> names = new HashMap<>();

    /** The named schemas collected so far, by name. */
    Map<String, ObjectNode> components() {
        return components;
    }

    /** A schema for {@code type}: inline for scalars and containers, a reference for records and enums. */
    ObjectNode schema(Type type) {
        if (type instanceof Class<?> c) {
            return forClass(c);
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (raw == Optional.class) {
                return nullable(schema(args[0]));
            }
            if (Collection.class.isAssignableFrom(raw)) {
                ObjectNode s = NODES.objectNode().put("type", "array");
                s.set("items", schema(args[0]));
                return s;
            }
            if (Map.class.isAssignableFrom(raw)) {
                if (args[0] != String.class) {
                    throw unsupported(type, "maps need string keys");
                }
                ObjectNode s = NODES.objectNode().put("type", "object");
                s.set("additionalProperties", schema(args[1]));
                return s;
            }
            throw unsupported(type, "generic types other than Optional, List, Set and Map have no fixed shape");
        }
        if (type instanceof WildcardType w && w.getUpperBounds().length == 1) {
            return schema(w.getUpperBounds()[0]);
        }
        if (type instanceof GenericArrayType) {
            throw unsupported(type, "use a List instead of an array");
        }
        throw unsupported(type, "type variables have no fixed shape");
    }

    /** A reference to the named schema of a record or enum, described once in the components. */
    ObjectNode reference(Class<?> type) {
        if (!type.isRecord() && !type.isEnum()) {
            throw unsupported(type, "only records and enums are named schemas");
        }
        String name = names.get(type);
        if (name == null) {
            name = uniqueName(type);
            names.put(type, name);
            ObjectNode placeholder = NODES.objectNode();
            components.put(name, placeholder); // registered first: a record may refer to itself
            placeholder.setAll(type.isEnum() ? enumSchema(type) : recordSchema(type));
        }
        return NODES.objectNode().put("$ref", REF_PREFIX + name);
    }

    private ObjectNode forClass(Class<?> c) {
        if (c == String.class || c == CharSequence.class) {
            return type("string");
        }
        if (c == SecretValue.class) {
            return type("string").put("format", "password").put("writeOnly", true);
        }
        if (c == boolean.class || c == Boolean.class) {
            return type("boolean");
        }
        if (c == int.class || c == Integer.class || c == short.class || c == Short.class) {
            return type("integer").put("format", "int32");
        }
        if (c == long.class || c == Long.class || c == BigInteger.class) {
            return type("integer").put("format", "int64");
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class || c == BigDecimal.class) {
            return type("number");
        }
        if (c == Instant.class || c == OffsetDateTime.class) {
            return type("string").put("format", "date-time");
        }
        if (c == LocalDate.class) {
            return type("string").put("format", "date");
        }
        if (c == UUID.class) {
            return type("string").put("format", "uuid");
        }
        if (c == URI.class) {
            return type("string").put("format", "uri");
        }
        if (c == JsonNode.class || c == Object.class) {
            return NODES.objectNode();
        }
        if (c.isRecord() || c.isEnum()) {
            return reference(c);
        }
        if (c == Optional.class || Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c)) {
            throw unsupported(c, "give its element type (a record component of type List<Item>, not a raw List)");
        }
        throw unsupported(c, "API bodies are records of strings, numbers, booleans, Instants, UUIDs, enums, "
                + "Optionals, Lists, Maps and other records");
    }

    private ObjectNode recordSchema(Class<?> type) {
        ObjectNode s = type("object");
        ObjectNode properties = NODES.objectNode();
        ArrayNode required = NODES.arrayNode();
        for (RecordComponent c : type.getRecordComponents()) {
            properties.set(c.getName(), schema(c.getGenericType()));
            if (c.getType() != Optional.class) {
                required.add(c.getName());
            }
        }
        s.set("properties", properties);
        if (!required.isEmpty()) {
            s.set("required", required);
        }
        return s;
    }

    private static ObjectNode enumSchema(Class<?> type) {
        ObjectNode s = type("string");
        ArrayNode values = s.putArray("enum");
        for (Object constant : type.getEnumConstants()) {
            values.add(Json.wireName((Enum<?>) constant));
        }
        return s;
    }

    /** {@code schema} or null: a type list for inline schemas, anyOf for references. */
    private static ObjectNode nullable(ObjectNode schema) {
        JsonNode t = schema.get("type");
        if (t != null && t.isTextual()) {
            ObjectNode copy = schema.deepCopy();
            copy.putArray("type").add(t.asText()).add("null");
            return copy;
        }
        ObjectNode any = NODES.objectNode();
        any.putArray("anyOf").add(schema).add(type("null"));
        return any;
    }

    private String uniqueName(Class<?> type) {
        String simple = type.getSimpleName();
        String name = type.getEnclosingClass() != null ? type.getEnclosingClass().getSimpleName() + simple : simple;
        if (!components.containsKey(name)) {
            return name;
        }
        String pkg = type.getPackageName();
        String qualified = pkg.substring(pkg.lastIndexOf('.') + 1);
        name = Character.toUpperCase(qualified.charAt(0)) + qualified.substring(1) + name;
        int n = 2;
        String candidate = name;
        while (components.containsKey(candidate)) {
            candidate = name + n++;
        }
        return candidate;
    }

    private static ObjectNode type(String name) {
        return NODES.objectNode().put("type", name);
    }

    private static IllegalArgumentException unsupported(Type type, String why) {
        return new IllegalArgumentException("The API document cannot describe " + type.getTypeName() + ": " + why + ".");
    }
}
