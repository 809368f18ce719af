package io.whittle.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The version Maven stamped into the jar's resources. */
final class Version {
    private Version() {
    }

    static String current() {
        try (InputStream in = Version.class.getResourceAsStream("version.txt")) {
            if (in == null) {
                return "unknown";
            }
            String v = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            // An unfiltered resource (run from an IDE without Maven) still says something true.
            return v.startsWith("${") ? "development" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
