package io.whittle.cli;

import io.whittle.cli.connector.LocalConnectors;
import io.whittle.oci.layout.OciLayout;
import io.whittle.oci.transfer.ImageSource;
import io.whittle.oci.transfer.ImageTarget;
import io.whittle.registry.RegistryClient;
import io.whittle.registry.RegistryRepository;
import io.whittle.registry.auth.DockerConfigKeychain;
import io.whittle.registry.auth.Keychain;
import io.whittle.registry.net.OutboundPolicy;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
    private final LocalConnectors connectors;
    /** The connector named for a location with {@code --connector} (or its copy variants). */
    private final Map<Location, String> chosen = new HashMap<>();
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
     * @param connectors         the saved connectors, asked first for a registry's credentials
     */
    Session(Map<String, String> env, Set<String> insecureRegistries, LocalConnectors connectors) {
        this.env = Map.copyOf(env);
        this.insecureRegistries = Set.copyOf(insecureRegistries);
        this.connectors = Objects.requireNonNull(connectors, "connectors");
    }

    /**
     * Reaches {@code location} through the connector {@code id}, which must hold credentials for exactly its
     * registry. Without one, a registry is reached through the saved connector whose registry host is exactly its
     * host, else with Docker's config, else anonymously.
     */
    Session connector(Location location, Optional<String> id) {
        if (id.isPresent()) {
            if (!(location instanceof Location.Remote)) {
                throw new UsageException("a connector gives access to registries, and '" + location + "' is an OCI"
                        + " layout: drop the connector option for it");
            }
            chosen.put(location, id.get());
        }
        return this;
    }

    // The methods below test the location with instanceof rather than a pattern switch: the first pattern switch
    // of a run generates a class at run time, some 10 ms of a cold start, on every command.

    Opened source(Location location) throws IOException {
        if (location instanceof Location.Remote r) {
            return new Opened(repository(r), r.reference().identifier());
        }
        Location.Layout l = (Location.Layout) location;
        OciLayout layout = OciLayout.open(l.reference().directory());
        // oci:DIR alone means the only image in it, as skopeo reads it.
        Optional<String> named = l.reference().tagOrDigest();
        String what = named.isPresent() ? named.get() : layout.resolve(Optional.empty()).digest().toString();
        return new Opened(layout, what);
    }

    ImageTarget target(Location location) throws IOException {
        if (location instanceof Location.Remote r) {
            // Through a connector, the repository is made ready for the push first (ECR creates a missing one).
            Optional<RegistryClient> viaConnector = connectors.registryForPush(r.reference().registry(),
                    Optional.ofNullable(chosen.get(r)), r.reference().repository());
            return (viaConnector.isPresent() ? viaConnector.get() : client()).repository(r.reference());
        }
        return OciLayout.create(((Location.Layout) location).reference().directory());
    }

    List<String> tags(Location location) throws IOException {
        if (location instanceof Location.Remote r) {
            return repository(r).tags();
        }
        return OciLayout.open(((Location.Layout) location).reference().directory()).tags();
    }

    List<String> catalog(String registry, Optional<String> connector) throws IOException {
        return client(registry, connector).catalog(registry, CATALOG_PAGE);
    }

    private RegistryRepository repository(Location.Remote r) throws IOException {
        return client(r.reference().registry(), Optional.ofNullable(chosen.get(r))).repository(r.reference());
    }

    /** A connector's client for the registry (named, or found by exact host), else the Docker-config client. */
    private RegistryClient client(String registry, Optional<String> connector) throws IOException {
        Optional<RegistryClient> viaConnector = connectors.registryFor(registry, connector);
        return viaConnector.isPresent() ? viaConnector.get() : client();
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
