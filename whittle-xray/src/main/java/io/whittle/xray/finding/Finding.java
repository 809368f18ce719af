package io.whittle.xray.finding;

import java.util.Objects;

/**
 * Something risky or worth knowing about an image.
 *
 * @param id       a stable rule id, e.g. {@code root-user}, {@code private-key}, {@code setuid}
 * @param severity how much it matters
 * @param path     the file (absolute, {@code /etc/shadow}) or config field ({@code config.User}) it is about
 * @param message  one sentence saying what and why, for the report
 */
public record Finding(String id, Severity severity, String path, String message) {
    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }
}
