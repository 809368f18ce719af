package io.whittle.cli.connector;

import io.whittle.cli.UsageException;
import io.whittle.connector.Field;
import io.whittle.connector.FieldProblem;
import io.whittle.connector.FieldKind;
import io.whittle.connector.FieldValues;
import io.whittle.connector.Provider;
import io.whittle.platform.secret.SecretValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where secrets come from on the command line: piped in ({@code --secret-stdin KEY}), read from a file
 * ({@code --secret-file KEY=PATH}) or typed at a hidden prompt; never from an argument, where the shell history and
 * the process list would keep them. No message here repeats a value.
 */
final class SecretInput {
    /** No secret a registry asks for (a JSON key, a certificate) comes near this. */
    static final int MAX_BYTES = 1024 * 1024;

    private final Provider provider;

    SecretInput(Provider provider) {
        this.provider = provider;
    }

    /** Refuses settings given for secret fields, naming the flags to use instead (and never the value). */
    void refuseSecretSettings(Map<String, String> settings) {
        for (String key : settings.keySet()) {
            Optional<Field> f = provider.form().field(key);
            if (f.isPresent() && f.get().secret()) {
                throw new UsageException("'" + key + "' is a secret, and secrets are never taken from the command"
                        + " line, where shell history and the process list keep them: give it with --secret-stdin "
                        + key + " or --secret-file " + key + "=PATH");
            }
        }
    }

    /**
     * The secrets given, read from standard input and files; with {@code prompt}, the secrets the form still needs
     * are asked for on the terminal.
     *
     * @param settings  the plain settings, which decide which fields are shown (and so needed)
     * @param askForAll when true, a needed secret that is missing is asked for, or is a usage error without a
     *                  terminal; when false (an edit), a missing secret keeps the stored one
     */
    SortedMap<String, SecretValue> read(Map<String, String> settings, Optional<String> stdinKey,
                                        Map<String, String> files, InputStream stdin,
                                        Optional<SecretPrompt> prompt, boolean askForAll) throws IOException {
        SortedMap<String, SecretValue> out = new TreeMap<>();
        if (stdinKey.isPresent()) {
            Field f = secretField(stdinKey.get(), "--secret-stdin");
            if (files.containsKey(f.key())) {
                throw new UsageException("the secret '" + f.key() + "' is given twice, with --secret-stdin and"
                        + " --secret-file: give it once");
            }
            out.put(f.key(), value(f, readLimited(stdin, "standard input"), "standard input"));
        }
        for (Map.Entry<String, String> e : files.entrySet()) {
            Field f = secretField(e.getKey(), "--secret-file");
            out.put(f.key(), value(f, readFile(e.getValue()), e.getValue()));
        }
        if (!askForAll) {
            return out;
        }
        List<Field> missing = missing(FieldValues.of(settings, out));
        for (Field f : missing) {
            if (prompt.isEmpty() || f.kind() == FieldKind.MULTILINE_SECRET) {
                throw new UsageException(f.label() + " ('" + f.key() + "') is needed" + (f.kind()
                        == FieldKind.MULTILINE_SECRET ? " and is several lines long" : "") + ": pipe it in with"
                        + " --secret-stdin " + f.key() + " or give a file with --secret-file " + f.key() + "=PATH");
            }
            char[] typed = prompt.get().ask(f.label());
            try {
                if (typed.length == 0) {
                    throw new UsageException(f.label() + " ('" + f.key() + "') is needed: type it at the prompt,"
                            + " or give it with --secret-stdin " + f.key());
                }
                out.put(f.key(), SecretValue.of(new String(typed)));
            } finally {
                Arrays.fill(typed, '\0');
            }
        }
        return out;
    }

    /**
     * The secret fields not given that the form needs: required ones, and those a check across fields asks for (a
     * generic registry's password once a user name is given).
     */
    private List<Field> missing(FieldValues given) {
        List<FieldProblem> problems = provider.form().validate(given);
        if (problems.isEmpty()) {
            // As the service does: checks across fields assume each field passed its own.
            problems = provider.crossCheck(given);
        }
        List<Field> out = new ArrayList<>();
        for (FieldProblem p : problems) {
            Optional<Field> f = p.field().flatMap(provider.form()::field);
            if (f.isPresent() && f.get().secret() && given.secret(f.get().key()).isEmpty() && !out.contains(f.get())) {
                out.add(f.get());
            }
        }
        return out;
    }

    private Field secretField(String key, String flag) {
        Optional<Field> f = provider.form().field(key);
        if (f.isPresent() && f.get().secret()) {
            return f.get();
        }
        List<String> secrets = provider.form().fields().stream().filter(Field::secret).map(Field::key).toList();
        throw new UsageException(flag + " names '" + key + "', which is not a secret field of " + provider.id()
                + (secrets.isEmpty() ? ": this provider has no secret fields, give its fields with --set"
                : ": its secret fields are " + String.join(", ", secrets)));
    }

    /** One-line secrets lose the line break a file or {@code echo} ends them with; multi-line ones stay exact. */
    private static SecretValue value(Field f, String text, String source) {
        String v = f.kind() == FieldKind.MULTILINE_SECRET ? text : text.replaceAll("[\\r\\n]+$", "");
        if (v.isBlank()) {
            throw new UsageException("the secret '" + f.key() + "' read from " + source + " is empty: give the"
                    + " secret itself");
        }
        return SecretValue.of(v);
    }

    private static String readFile(String path) {
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException e) {
            throw new UsageException("'" + path + "' is not a file path: give --secret-file KEY=PATH", e);
        }
        try (InputStream in = Files.newInputStream(p)) {
            return readLimited(in, path);
        } catch (NoSuchFileException e) {
            throw new UsageException("the secret file " + path + " does not exist: check the path", e);
        } catch (IOException e) {
            throw new UsageException("the secret file " + path + " cannot be read (" + e.getClass().getSimpleName()
                    + "): check its permissions", e);
        }
    }

    private static String readLimited(InputStream in, String source) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new UsageException(source + " holds more than " + MAX_BYTES / 1024 + " KiB, more than any"
                    + " registry secret: give the secret itself");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UsageException(source + " is not UTF-8 text: give the secret as text", e);
        }
    }
}
