package io.whittle.cli;

import io.whittle.oci.layout.OciLayout;
import io.whittle.oci.transfer.ImageSource;
import io.whittle.oci.transfer.ImageTarget;
import io.whittle.registry.RegistryClient;
import io.whittle.registry.auth.DockerConfigKeychain;
import io.whittle.registry.auth.Keychain;
import io.whittle.registry.net.OutboundPolicy;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What commands read and write through: one registry client for the process (built on first use, so that
 * commands touching only layouts never load HTTP classes) and OCI layout directories.
 */
final class Session implements AutoCloseable {
    private static final int CATALOG_PAGE = 1000;

    private final Map<String, String> env;
    private final Set<String> insecureRegistries;
    private RegistryClient client;

    /** A source bound to what to read from it. */
    record Opened(ImageSource source, String tagOrDigest) {
        public Opened {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(tagOrDigest, "tagOrDigest");
        }
    }

    /**
     * @param insecureRegistries registries ({@code host[:port]}) reached over plain http although not on loopback
     */
    Session(Map<String, String> env, Set<String> insecureRegistries) {
        this.env = Map.copyOf(env);
        this.insecureRegistries = Set.copyOf(insecureRegistries);
    }

    Opened source(Location location) throws IOException {
        return switch (location) {
            case Location.Remote r -> new Opened(client().repository(r.reference()), r.reference().identifier());
            case Location.Layout l -> {
                OciLayout layout = OciLayout.open(l.reference().directory());
                // oci:DIR alone means the only image in it, as skopeo reads it.
                Optional<String> named = l.reference().tagOrDigest();
                String what = named.isPresent() ? named.get() : layout.resolve(Optional.empty()).digest().toString();
                yield new Opened(layout, what);
            }
        };
    }

    ImageTarget target(Location location) throws IOException {
        return switch (location) {
            case Location.Remote r -> client().repository(r.reference());
            case Location.Layout l -> OciLayout.create(l.reference().directory());
        };
    }

    List<String> tags(Location location) throws IOException {
        return switch (location) {
            case Location.Remote r -> client().repository(r.reference()).tags();
            case Location.Layout l -> OciLayout.open(l.reference().directory()).tags();
        };
    }

    List<String> catalog(String registry) throws IOException {
        return client().catalog(registry, CATALOG_PAGE);
    }

    private RegistryClient client() {
        if (client == null) {
            client = RegistryClient.builder()
                    .keychain(Keychain.chain(dockerConfig(), Keychain.ANONYMOUS))
                    .policy(OutboundPolicy.cli())
                    .insecureRegistries(insecureRegistries)
                    .build();
        }
        return client;
    }

    /** Docker's config as the docker CLI finds it: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker}. */
    private DockerConfigKeychain dockerConfig() {
        String dir = env.get("DOCKER_CONFIG");
        Path base = dir != null && !dir.isBlank() ? Path.of(dir)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker");
        List<Path> helperPath = new ArrayList<>();
        for (String d : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isBlank()) {
                helperPath.add(Path.of(d));
            }
        }
        return DockerConfigKeychain.of(base.resolve("config.json"), helperPath);
    }

    @Override
    public void close() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException e) {
                // Nothing to tell the user: the command's work is done.
            }
        }
    }
}
