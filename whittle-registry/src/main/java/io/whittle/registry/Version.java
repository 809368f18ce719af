package io.whittle.registry;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Whittle's version, from the jar's manifest, else from a resource Maven fills in at build time. */
public final class Version {
    private static final String VERSION = load();

    private Version() {
    }

    /** e.g. {@code 0.1.0-SNAPSHOT}; {@code dev} when run from unbuilt sources. */
    public static String current() {
        return VERSION;
    }

    /** The User-Agent Whittle sends: {@code whittle/<version>}. */
    public static String userAgent() {
        return "whittle/" + VERSION;
    }

    private static String load() {
        // The jar's manifest, which the class loader (or the start-up archive) already holds: reading a resource
        // would open the jar, some milliseconds of a command-line run.
        String fromManifest = Version.class.getPackage().getImplementationVersion();
        if (fromManifest != null) {
            return fromManifest;
        }
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "").strip();
                if (!v.isEmpty() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // unbuilt sources
        }
        return "dev";
    }
}
