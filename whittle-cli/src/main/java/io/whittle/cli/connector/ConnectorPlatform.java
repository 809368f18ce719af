package io.whittle.cli.connector;

import io.whittle.connector.Connection;
import io.whittle.connector.ConnectorService;
import io.whittle.connector.ProviderContext;
import io.whittle.connector.Providers;
import io.whittle.connector.StandardProviders;
import io.whittle.connector.ecr.EcrProvider;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.connector.ConnectorNotFoundException;
import io.whittle.platform.connector.ConnectorStore;
import io.whittle.platform.connector.RotationResult;
import io.whittle.platform.connector.SecretKeyRotation;
import io.whittle.platform.connector.StoredSecretReader;
import io.whittle.platform.db.Database;
import io.whittle.platform.db.DatabaseConfig;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.secret.EnvironmentKeys;
import io.whittle.platform.secret.KeyFile;
import io.whittle.platform.secret.KeySources;
import io.whittle.platform.secret.SecretCipher;
import io.whittle.registry.RegistryClient;
import io.whittle.registry.RetryPolicy;
import io.whittle.registry.Timeouts;
import io.whittle.registry.Version;
import io.whittle.registry.net.OutboundPolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The connector side of the CLI's local mode: the embedded database and key file in the data directory and the
 * connector service over them (opened on first use), the providers, and the registry clients of connectors, so that
 * image commands use exactly what a connector holds: its credential for its registry host only, and what its
 * provider adds (a token service on another host, a private CA, plain http where the connector allows it). Reached
 * only through {@link LocalConnectors}, so that commands which need no connector never load these classes.
 */
final class ConnectorPlatform implements AutoCloseable {
    /** The CLI works for the one local organization the first migration creates. */
    static final OrganizationId ORG = OrganizationId.LOCAL;

    private final DataDirectory dir;
    private final Map<String, String> env;
    private Database db;
    private ProviderContext context;
    private ConnectorService service;
    private Providers providers;
    private final Map<ConnectorId, Connection> connections = new LinkedHashMap<>();
    private final Map<ConnectorId, RegistryClient> anonymous = new LinkedHashMap<>();

    ConnectorPlatform(DataDirectory dir, Map<String, String> env) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.env = Map.copyOf(env);
    }

    DataDirectory dataDirectory() {
        return dir;
    }

    /** Every provider; needs no database. */
    synchronized Providers providers() {
        if (providers == null) {
            providers = StandardProviders.all(ecr());
        }
        return providers;
    }

    /** The service, opening (and on first use creating) the database. */
    synchronized ConnectorService service() {
        if (service == null) {
            db = Database.open(DatabaseConfig.embedded(dir.path()));
            SecretCipher cipher = new SecretCipher(KeySources.forDataDir(dir.path(), env));
            if (context == null) {
                context = ProviderContext.create(OutboundPolicy.cli(), Timeouts.defaults(), RetryPolicy.defaults(),
                        Version.userAgent());
            }
            service = new ConnectorService(new ConnectorStore(db, cipher), new StoredSecretReader(db, cipher),
                    providers(), context);
        }
        return service;
    }

    /**
     * Closes the database but keeps the connections made from it. The first process to open the embedded database
     * serves it to the others, so an image command lets go of it once it has its registry clients rather than serve
     * it for a whole copy; {@link #service()} opens it again if needed.
     */
    synchronized void releaseDatabase() {
        if (db != null) {
            db.close();
            db = null;
            service = null;
        }
    }

    /**
     * The service when there is something to find in it: connectors are stored, or {@code id} is a built-in one.
     *
     * @throws ConnectorNotFoundException when no connector was ever saved here and {@code id} is not built in
     */
    ConnectorService serviceFor(ConnectorId id) {
        if (!dir.hasDatabase() && !id.isBuiltIn()) {
            throw new ConnectorNotFoundException(id);
        }
        return service();
    }

    /** The service if connectors were ever saved here; empty otherwise (nothing is created). */
    Optional<ConnectorService> existingService() {
        return dir.hasDatabase() ? Optional.of(service()) : Optional.empty();
    }

    /**
     * The registry client for {@code registryHost}: the named connector's (which must hold credentials for exactly
     * that host), else that of the stored connector whose registry host is exactly {@code registryHost}; empty when
     * neither applies, and the caller goes on to Docker's config and anonymous access. With {@code pushTo}, the
     * connector first prepares that repository for a push (see {@link ConnectorService#prepareRepository}).
     */
    Optional<RegistryClient> registryFor(String registryHost, Optional<String> connector, Optional<String> pushTo)
            throws IOException {
        Optional<Connector> found;
        if (connector.isPresent()) {
            ConnectorId id = ConnectorErrors.id(connector.get());
            found = Optional.of(ConnectorErrors.call(() -> serviceFor(id).requireFor(ORG, id, registryHost)));
        } else if (dir.hasDatabase()) {
            found = ConnectorErrors.call(() -> service().connectorFor(ORG, registryHost));
        } else {
            return Optional.empty();
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Connector c = found.get();
        if (pushTo.isPresent() && !c.isBuiltIn()) {
            ConnectorErrors.call(() -> {
                service().prepareRepository(ORG, c.id(), pushTo.get());
                return null;
            });
        }
        return Optional.of(client(c));
    }

    private synchronized RegistryClient client(Connector c) throws IOException {
        if (c.isBuiltIn()) {
            RegistryClient open = anonymous.get(c.id());
            if (open == null) {
                open = context.registryClient().build();
                anonymous.put(c.id(), open);
            }
            return open;
        }
        Connection open = connections.get(c.id());
        if (open == null) {
            open = ConnectorErrors.call(() -> service.open(ORG, c.id()));
            connections.put(c.id(), open);
        }
        return open.registry();
    }

    /**
     * Re-encrypts every stored secret under a new key: with the key file, adds a key, re-encrypts, retires the old
     * keys; with keys from {@code WHITTLE_SECRET_KEY}, re-encrypts under its newest key (the operator adds it there).
     */
    RotationResult rotateKey() {
        service();
        SecretKeyRotation rotation = new SecretKeyRotation(db);
        String fromEnv = env.get(EnvironmentKeys.VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return rotation.reencrypt(KeySources.forDataDir(dir.path(), env));
        }
        return rotation.rotate(KeyFile.inDataDir(dir.path()));
    }

    /**
     * Role connectors are assumed with Whittle's own AWS identity. Keys in the CLI's environment are taken from the
     * environment it was given (what tests pass in); otherwise the SDK's environment, system properties and profile
     * files, never an instance metadata endpoint.
     */
    private EcrProvider ecr() {
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            return EcrProvider.withEnvironmentIdentity();
        }
        String session = env.get("AWS_SESSION_TOKEN");
        AwsCredentials keys = session == null || session.isBlank() ? AwsBasicCredentials.create(id, secret)
                : AwsSessionCredentials.create(id, secret, session);
        return new EcrProvider(StaticCredentialsProvider.create(keys));
    }

    @Override
    public synchronized void close() {
        List<AutoCloseable> all = new ArrayList<>(connections.values());
        all.addAll(anonymous.values());
        if (context != null) {
            all.add(context.rest());
        }
        if (db != null) {
            all.add(db);
        }
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                // The command's work is done; nothing the user could act on.
            }
        }
        connections.clear();
        anonymous.clear();
        service = null;
        db = null;
    }
}
