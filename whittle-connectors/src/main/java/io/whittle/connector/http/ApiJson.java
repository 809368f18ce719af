package io.whittle.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Digest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reading the values providers' JSON answers share: times, digests, sizes, strings. A value that is missing or does
 * not read is empty, never an error: listings show what the provider gave and leave the rest blank.
 */
public final class ApiJson {
    private ApiJson() {
    }

    /** A non-empty string. */
    public static Optional<String> text(JsonNode n) {
        return n.isTextual() && !n.asText().isEmpty() ? Optional.of(n.asText()) : Optional.empty();
    }

    /** An RFC 3339 time such as {@code 2025-03-01T12:00:00Z}. */
    public static Optional<Instant> instant(JsonNode n) {
        try {
            return text(n).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A digest such as {@code sha256:…}. */
    public static Optional<Digest> digest(JsonNode n) {
        return text(n).filter(Digest::isDigest).map(Digest::parse);
    }

    /** A whole number, as a JSON number or as a string of digits (how some APIs write 64-bit sizes). */
    public static OptionalLong number(JsonNode n) {
        if (n.canConvertToLong()) {
            return OptionalLong.of(n.asLong());
        }
        String t = n.isTextual() ? n.asText() : "";
        if (t.matches("\\d{1,18}")) {
            return OptionalLong.of(Long.parseLong(t));
        }
        return OptionalLong.empty();
    }
}
