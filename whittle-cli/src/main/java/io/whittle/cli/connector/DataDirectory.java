package io.whittle.cli.connector;

import io.whittle.cli.UsageException;
import io.whittle.cli.XdgBase;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the CLI keeps its connectors: the embedded database and the secret key file. {@code --data-dir}, else
 * {@code WHITTLE_DATA_DIR}, else {@code $XDG_DATA_HOME/whittle}, else {@code ~/.local/share/whittle}.
 */
public record DataDirectory(Path path) {
    /** The environment variable naming the data directory. */
    public static final String VARIABLE = "WHITTLE_DATA_DIR";
    /**
     * The embedded database's file, as {@code DatabaseConfig.embedded} names it; spelled out here so that checking
     * for it loads none of the database classes.
     */
    static final String DATABASE_FILE = "whittle.mv.db";

    public DataDirectory {
        Objects.requireNonNull(path, "path");
        path = path.toAbsolutePath().normalize();
    }

    /** The directory the option, the environment or the XDG defaults name. */
    public static DataDirectory resolve(Optional<String> option, Map<String, String> env) {
        if (option.isPresent() && !option.get().isBlank()) {
            return new DataDirectory(path(option.get()));
        }
        String named = env.get(VARIABLE);
        if (named != null && !named.isBlank()) {
            return new DataDirectory(path(named));
        }
        return new DataDirectory(XdgBase.DATA.whittle(env));
    }

    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new UsageException("'" + text + "' is not a usable data directory: " + e.getReason(), e);
        }
    }

    /** True once a connector was saved here: only then is there a database to look connectors up in. */
    public boolean hasDatabase() {
        return Files.isRegularFile(path.resolve(DATABASE_FILE));
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
