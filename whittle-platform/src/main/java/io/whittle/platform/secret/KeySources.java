package io.whittle.platform.secret;

import java.nio.file.Path;
import java.util.Map;

/** Picks where the secret keys come from. */
public final class KeySources {
    private KeySources() {
    }

    /**
     * {@value EnvironmentKeys#VARIABLE} when it is set and not blank, otherwise the key file in
     * {@code dataDir} (created on first use).
     */
    public static KeySource forDataDir(Path dataDir, Map<String, String> environment) {
        String value = environment.get(EnvironmentKeys.VARIABLE);
        if (value != null && !value.isBlank()) {
            return EnvironmentKeys.parse(value);
        }
        return KeyFile.inDataDir(dataDir);
    }
}
