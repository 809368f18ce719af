package io.whittle.platform.report;

import java.util.Objects;
import java.util.UUID;

/** The id of a stored X-ray report: random, so that other organizations' report ids cannot be guessed. */
public record XrayReportId(UUID value) {
    public XrayReportId {
        Objects.requireNonNull(value, "report id");
    }

    public static XrayReportId random() {
        return new XrayReportId(UUID.randomUUID());
    }

    public static XrayReportId parse(String text) {
        try {
            return new XrayReportId(UUID.fromString(text.strip()));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not an X-ray report id: expected a UUID such as "
                    + "3f2b8c1e-7d4a-4f6b-9c2e-1a5d8e0b7c94.");
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
