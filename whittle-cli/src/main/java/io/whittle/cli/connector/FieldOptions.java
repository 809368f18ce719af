package io.whittle.cli.connector;

import io.whittle.cli.UsageException;
import io.whittle.connector.Provider;
import io.whittle.platform.secret.SecretValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import picocli.CommandLine.Option;

/** The options that fill a provider's form: settings on the command line or from files, secrets never on it. */
final class FieldOptions {

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A setting of the provider's form (see 'whittle providers show ID'); repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--set-file", paramLabel = "KEY=PATH",
            description = "A setting read from a file, e.g. a CA certificate: --set-file caCertificate=ca.pem.")
    Map<String, String> settingFiles = new LinkedHashMap<>();

    @Option(names = "--secret-stdin", paramLabel = "KEY",
            description = "Read the secret field KEY from standard input (a trailing line break is dropped).")
    String secretStdin;

    @Option(names = "--secret-file", paramLabel = "KEY=PATH",
            description = "Read the secret field KEY from the file PATH; repeatable.")
    Map<String, String> secretFiles = new LinkedHashMap<>();

    /** The settings given with {@code --set} and {@code --set-file}; secret fields among them are refused. */
    Map<String, String> settings(Provider provider) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        for (Map.Entry<String, String> e : settingFiles.entrySet()) {
            if (all.containsKey(e.getKey())) {
                throw new UsageException("'" + e.getKey() + "' is given with both --set and --set-file: give it once");
            }
            all.put(e.getKey(), read(e.getValue()));
        }
        new SecretInput(provider).refuseSecretSettings(all);
        return all;
    }

    /** The secrets given; with {@code askForMissing}, required ones still missing are asked for on the terminal. */
    SortedMap<String, SecretValue> secrets(Provider provider, Map<String, String> settings, InputStream stdin,
                                           boolean askForMissing) throws IOException {
        return new SecretInput(provider).read(settings, Optional.ofNullable(secretStdin), secretFiles, stdin,
                SecretPrompt.terminal(), askForMissing);
    }

    private static String read(String path) {
        try {
            String text = Files.readString(Path.of(path));
            if (text.length() > SecretInput.MAX_BYTES) {
                throw new UsageException(path + " is larger than any setting needs: give the setting itself");
            }
            return text;
        } catch (NoSuchFileException e) {
            throw new UsageException("the file " + path + " does not exist: check the path", e);
        } catch (IOException | InvalidPathException e) {
            throw new UsageException("the file " + path + " cannot be read (" + e.getClass().getSimpleName()
                    + "): check the path and its permissions", e);
        }
    }
}
