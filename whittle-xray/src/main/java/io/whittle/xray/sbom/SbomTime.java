package io.whittle.xray.sbom;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** When the analysis ran, and identifiers derived from it: the same report always gives the same document. */
final class SbomTime {
    private SbomTime() {
    }

    /** {@code analyzedAt} as an instant, whole seconds (SPDX allows no fraction). */
    static Instant analyzedAt(String analyzedAt) {
        try {
            return Instant.parse(analyzedAt).truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(analyzedAt).toInstant().truncatedTo(ChronoUnit.SECONDS);
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException("The report's analysis time '" + analyzedAt + "' is not an"
                        + " ISO-8601 instant; X-ray the image again to get a valid report.", again);
            }
        }
    }

    /** A name-based UUID: unique per image, analysis time and format, yet stable for one report. */
    static UUID documentId(String format, String digest, String analyzedAt) {
        return UUID.nameUUIDFromBytes((format + "\n" + digest + "\n" + analyzedAt).getBytes(StandardCharsets.UTF_8));
    }
}
