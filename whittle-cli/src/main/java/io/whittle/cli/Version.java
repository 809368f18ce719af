package io.whittle.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The version Maven stamped into the jar's manifest (and, for runs from unpacked classes, its resources). */
final class Version {
    private Version() {
    }

    static String current() {
        // The jar's manifest, which the class loader already read: reading a resource would cost some milliseconds.
        String fromManifest = Version.class.getPackage().getImplementationVersion();
        if (fromManifest != null) {
            return fromManifest;
        }
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
