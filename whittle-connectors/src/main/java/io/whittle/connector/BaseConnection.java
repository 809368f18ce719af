package io.whittle.connector;

import io.whittle.connector.distribution.DistributionApi;
import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.RateLimit;
import io.whittle.registry.RegistryClient;
import io.whittle.registry.auth.Credential;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What most connections share: the credential cache (renewed shortly before it expires), a registry client whose
 * keychain answers the credential for exactly the connection's registry host and nothing else, the OCI
 * distribution API as the default for listing and deleting, and the standard check. Providers override what their
 * own API does better.
 */
public abstract class BaseConnection implements Connection {
    /** Exchanged credentials are renewed this long before they expire. */
    static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    protected final ProviderContext context;
    protected final CredentialFields fields;
    private final Object lock = new Object();
    private IssuedCredential cached;
    private RegistryClient client;

    protected BaseConnection(ProviderContext context, CredentialFields fields) {
        this.context = Objects.requireNonNull(context, "context");
        this.fields = Objects.requireNonNull(fields, "fields");
    }

    /** Exchanges the stored fields for a registry credential (no caching: {@link #credential()} does that). */
    protected abstract IssuedCredential issue() throws IOException;

    @Override
    public final IssuedCredential credential() throws IOException {
        synchronized (lock) {
            if (cached == null || cached.expiresBefore(context.clock().instant().plus(RENEW_BEFORE))) {
                cached = issue();
            }
            return cached;
        }
    }

    /** Drops the cached credential, e.g. after the registry said it expired early. */
    protected final void forgetCredential() {
        synchronized (lock) {
            cached = null;
        }
    }

    @Override
    public RegistryClient registry() throws IOException {
        synchronized (lock) {
            if (client == null) {
                String host = registryHost();
                client = customize(context.registryClient()
                        .keychain(asked -> asked.equalsIgnoreCase(host) ? credential().credential()
                                : Credential.ANONYMOUS)).build();
            }
            return client;
        }
    }

    /** Adds what the provider's registry needs to the client (trusted CA, plain http, a realm on another host). */
    protected RegistryClient.Builder customize(RegistryClient.Builder builder) {
        return builder;
    }

    protected final DistributionApi distribution() throws IOException {
        return new DistributionApi(registry(), registryHost());
    }

    @Override
    public RepositoryPage repositories(Optional<String> pageToken, int pageSize) throws IOException {
        return distribution().catalog(pageToken, pageSize);
    }

    @Override
    public TagPage tags(String repository, Optional<String> pageToken, int pageSize) throws IOException {
        return distribution().tags(repository, pageToken, pageSize, true);
    }

    @Override
    public void deleteTag(String repository, String tag) throws IOException {
        distribution().deleteTag(repository, tag);
    }

    /**
     * The standard check: exchange, ping, first page of repositories, push probe on the first repository, expiry.
     * Each failure names the field it concerns.
     */
    @Override
    public CheckResult check() throws IOException {
        List<String> notes = new ArrayList<>();
        credential();
        String host = registryHost();
        try {
            distribution().ping();
        } catch (AccessException e) {
            throw refusal(e, "sign in to " + host);
        }
        RepositoryPage first;
        try {
            first = repositories(Optional.empty(), 20);
        } catch (AccessException e) {
            Optional<String> note = unlistable(e);
            if (note.isEmpty()) {
                throw listingFailure(e);
            }
            notes.add(note.get());
            first = new RepositoryPage(List.of(), Optional.empty());
        }
        Access access = probeAccess(first, notes);
        Optional<RateLimit> limit;
        try {
            limit = rateLimit(first);
        } catch (AccessException e) {
            limit = Optional.empty();
            notes.add("The pull rate limit could not be read: " + e.getMessage());
        }
        return new CheckResult(host, access, credentialExpiry(), limit, notes);
    }

    /**
     * When listing is refused in a way that still leaves a working connector (a registry whose catalog is closed
     * to these credentials), the note that says so; by default none, and the check fails.
     */
    protected Optional<String> unlistable(AccessException e) {
        return Optional.empty();
    }

    /**
     * Read-only or read-write: by default, the push probe on the first listed repository; unknown, with a note,
     * when there is none to probe.
     */
    protected Access probeAccess(RepositoryPage first, List<String> notes) throws IOException {
        if (first.items().isEmpty()) {
            notes.add("Push permission is unknown until the account has a repository: Whittle checks it by starting"
                    + " an upload to an existing repository.");
            return Access.UNKNOWN;
        }
        String repo = first.items().getFirst().name();
        try {
            return distribution().probePush(repo);
        } catch (AccessException e) {
            notes.add("Push permission could not be checked on " + repo + ": " + e.getMessage());
            return Access.UNKNOWN;
        }
    }

    /** When the stored credential itself expires, where the provider says; empty by default. */
    protected Optional<Instant> credentialExpiry() throws IOException {
        return Optional.empty();
    }

    /** The pull rate limit left, where the provider reports one; empty by default. */
    protected Optional<RateLimit> rateLimit(RepositoryPage first) throws IOException {
        return Optional.empty();
    }

    /** A registry's refusal during the check, as a problem with the secret field (or the host field). */
    protected ConnectorCheckException refusal(AccessException e, String operation) {
        String host = safeHost();
        return switch (e.failure()) {
            case UNAUTHORIZED -> new ConnectorCheckException(Failure.UNAUTHORIZED, Optional.of(fields.secret()),
                    operation, host, host + " did not accept the " + fields.label() + ": check that it is correct and"
                    + " has not expired or been revoked.", false, e);
            case DENIED -> new ConnectorCheckException(Failure.DENIED, Optional.of(fields.secret()), operation, host,
                    host + " accepted the " + fields.label() + " but denied access: give it the permissions the"
                    + " instructions list.", false, e);
            case BLOCKED, UNAVAILABLE, UNSUPPORTED -> new ConnectorCheckException(e.failure(),
                    Optional.of(fields.host()), operation, host, e.getMessage(), e.retryable(), e);
            default -> new ConnectorCheckException(e.failure(), Optional.empty(), operation, host, e.getMessage(),
                    e.retryable(), e);
        };
    }

    /** A listing failure during the check; providers with a permission to name override this. */
    protected ConnectorCheckException listingFailure(AccessException e) {
        if (e instanceof ConnectorCheckException c) {
            return c;
        }
        String host = safeHost();
        if (e.failure() == Failure.DENIED || e.failure() == Failure.UNAUTHORIZED) {
            return new ConnectorCheckException(Failure.DENIED, Optional.of(fields.secret()), "list repositories", host,
                    "The " + fields.label() + " works but may not list the repositories of " + host + ": give it the"
                    + " listing permission the instructions name.", false, e);
        }
        return refusal(e, "list repositories");
    }

    private String safeHost() {
        try {
            return registryHost();
        } catch (IOException e) {
            return "the registry";
        }
    }

    @Override
    public void close() throws IOException {
        RegistryClient c;
        synchronized (lock) {
            c = client;
            client = null;
        }
        if (c != null) {
            c.close();
        }
    }
}
