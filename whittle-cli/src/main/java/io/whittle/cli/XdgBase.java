package io.whittle.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * The XDG base directories Whittle keeps its files in, as the XDG spec says: the variable when it names an absolute
 * path, else its default under {@code HOME}; Whittle's own directory, {@code whittle}, inside.
 */
public enum XdgBase {
    /** Connectors and the local database. */
    DATA("XDG_DATA_HOME", ".local/share"),
    /** The client configuration (the server signed in to). */
    CONFIG("XDG_CONFIG_HOME", ".config"),
    /** What can be made again: the start-up archive, X-ray's layer scans. */
    CACHE("XDG_CACHE_HOME", ".cache");

    private final String variable;
    private final String underHome;

    XdgBase(String variable, String underHome) {
        this.variable = variable;
        this.underHome = underHome;
    }

    /** {@code $XDG_…_HOME/whittle}, else {@code ~/<default>/whittle}. */
    public Path whittle(Map<String, String> env) {
        String xdg = env.get(variable);
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "whittle");
        }
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), underHome, "whittle");
    }
}
