package io.whittle.registry;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Whittle's version, from a resource Maven fills in at build time. */
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
            // fall through to the jar manifest
        }
        String fromManifest = Version.class.getPackage().getImplementationVersion();
        return fromManifest != null ? fromManifest : "dev";
    }
}
