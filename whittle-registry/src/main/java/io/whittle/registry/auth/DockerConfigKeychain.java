package io.whittle.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import io.whittle.oci.JsonTree;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Credentials from Docker's {@code config.json}: a per-registry {@code credHelpers} entry first, then an inline
 * {@code auths} entry ({@code auth} as base64 {@code user:password}, or {@code username}/{@code password},
 * {@code identitytoken}, {@code registrytoken}), then the default {@code credsStore}. Registries are matched by
 * exact host (and port): {@code https://index.docker.io/v1/} is {@code docker.io}, but
 * {@code registry.example.com.evil.net} never gets {@code registry.example.com}'s entry.
 *
 * <p>The file is read once, on first use; answers are cached per host, so a slow helper runs once per process.
 */
public final class DockerConfigKeychain implements Keychain {
    private static final String DOCKER_HUB = "docker.io";
    private static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";
    private static final Duration HELPER_TIMEOUT = Duration.ofSeconds(60);

    private final Path configFile;
    private final List<Path> helperPath;
    private volatile Config config;
    private final Map<String, Credential> cache = new ConcurrentHashMap<>();

    private DockerConfigKeychain(Path configFile, List<Path> helperPath) {
        this.configFile = Objects.requireNonNull(configFile, "configFile");
        this.helperPath = List.copyOf(helperPath);
    }

    /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}; helpers found on {@code $PATH}. */
    public static DockerConfigKeychain fromEnvironment() {
        String dir = System.getenv("DOCKER_CONFIG");
        Path base = dir != null && !dir.isBlank() ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".docker");
        return of(base.resolve("config.json"));
    }

    /** The given config file; helpers found on {@code $PATH}. */
    public static DockerConfigKeychain of(Path configFile) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        List<Path> dirs = new ArrayList<>();
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isBlank()) {
                dirs.add(Path.of(d));
            }
        }
        return of(configFile, dirs);
    }

    /** The given config file; helpers looked up only in {@code helperSearchPath}. */
    public static DockerConfigKeychain of(Path configFile, List<Path> helperSearchPath) {
        return new DockerConfigKeychain(configFile, helperSearchPath);
    }

    @Override
    public Credential resolve(String registryHost) throws IOException {
        String host = canonical(registryHost);
        Credential cached = cache.get(host);
        if (cached != null) {
            return cached;
        }
        Credential c = lookup(host);
        cache.put(host, c);
        return c;
    }

    private Credential lookup(String host) throws IOException {
        Config cfg = config();
        String server = host.equals(DOCKER_HUB) ? DOCKER_HUB_SERVER : host;
        String helper = cfg.credHelpers.get(host);
        if (helper != null) {
            return new CredentialHelper(helper, helperPath, HELPER_TIMEOUT).get(server, host);
        }
        JsonNode entry = cfg.auths.get(host);
        if (entry != null) {
            Optional<Credential> inline = inline(entry, host);
            if (inline.isPresent()) {
                return inline.get();
            }
        }
        if (cfg.credsStore.isPresent()) {
            return new CredentialHelper(cfg.credsStore.get(), helperPath, HELPER_TIMEOUT).get(server, host);
        }
        return Credential.ANONYMOUS;
    }

    private Optional<Credential> inline(JsonNode entry, String host) throws AccessException {
        String identity = text(entry, "identitytoken");
        if (!identity.isEmpty()) {
            return Optional.of(new Credential.IdentityToken(identity));
        }
        String registryToken = text(entry, "registrytoken");
        if (!registryToken.isEmpty()) {
            return Optional.of(new Credential.RegistryToken(registryToken));
        }
        String auth = text(entry, "auth");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalid("the 'auth' value for " + host + " is not valid base64");
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw invalid("the 'auth' value for " + host + " does not decode to user:password");
            }
            return Optional.of(new Credential.Basic(decoded.substring(0, colon), decoded.substring(colon + 1)));
        }
        String user = text(entry, "username");
        String password = text(entry, "password");
        if (!user.isEmpty() && !password.isEmpty()) {
            return Optional.of(new Credential.Basic(user, password));
        }
        return Optional.empty();
    }

    private Config config() throws AccessException {
        Config c = config;
        if (c == null) {
            synchronized (this) {
                c = config;
                if (c == null) {
                    c = load();
                    config = c;
                }
            }
        }
        return c;
    }

    private Config load() throws AccessException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(configFile);
        } catch (NoSuchFileException e) {
            return new Config(Map.of(), Map.of(), Optional.empty());
        } catch (IOException e) {
            throw new AccessException(Failure.INVALID, "read credentials", configFile.toString(), "could not read the"
                    + " Docker config " + configFile + " (" + e.getMessage() + "): check its permissions", false, e);
        }
        JsonNode root;
        try {
            root = JsonTree.parse(bytes);
        } catch (IOException e) {
            throw invalid("it is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw invalid("it is not a JSON object");
        }
        Map<String, JsonNode> auths = new LinkedHashMap<>();
        JsonNode a = root.get("auths");
        if (a != null && a.isObject()) {
            a.properties().forEach(e -> auths.putIfAbsent(canonical(e.getKey()), e.getValue()));
        }
        Map<String, String> helpers = new LinkedHashMap<>();
        JsonNode h = root.get("credHelpers");
        if (h != null && h.isObject()) {
            h.properties().forEach(e -> helpers.putIfAbsent(canonical(e.getKey()), e.getValue().asText()));
        }
        String store = text(root, "credsStore");
        return new Config(auths, helpers, store.isEmpty() ? Optional.empty() : Optional.of(store));
    }

    private AccessException invalid(String why) {
        return new AccessException(Failure.INVALID, "read credentials", configFile.toString(), "the Docker config "
                + configFile + " cannot be used because " + why + ": fix the file or log in again");
    }

    /**
     * The registry a config key or reference host stands for: scheme and path dropped, lower-cased, Docker Hub's
     * aliases folded into {@code docker.io}. The port stays: {@code host:5000} is not {@code host}.
     */
    static String canonical(String key) {
        String k = key.strip().toLowerCase(Locale.ROOT);
        int scheme = k.indexOf("://");
        if (scheme >= 0) {
            k = k.substring(scheme + 3);
        }
        int slash = k.indexOf('/');
        if (slash >= 0) {
            k = k.substring(0, slash);
        }
        if (k.equals("index.docker.io") || k.equals("registry-1.docker.io") || k.equals("registry.hub.docker.com")) {
            return DOCKER_HUB;
        }
        return k;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private record Config(Map<String, JsonNode> auths, Map<String, String> credHelpers, Optional<String> credsStore) {
    }

    @Override
    public String toString() {
        return "DockerConfigKeychain[" + configFile + "]";
    }
}
