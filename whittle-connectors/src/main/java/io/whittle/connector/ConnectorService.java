package io.whittle.connector;

import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.BuiltInConnectors;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorDraft;
import io.whittle.platform.connector.ConnectorEdit;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.connector.ConnectorState;
import io.whittle.platform.connector.ConnectorStatus;
import io.whittle.platform.connector.ConnectorStore;
import io.whittle.platform.connector.Page;
import io.whittle.platform.connector.PageRequest;
import io.whittle.platform.connector.SecretReader;
import io.whittle.platform.connector.SecretRequiredException;
import io.whittle.platform.connector.Verification;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.secret.SecretValue;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The verbs on connectors that every front end (CLI, web) calls: add, list, show, test, edit, delete; list
 * repositories and tags through a connector and delete a tag; and the keychains that let registry operations use
 * connectors. Everything is scoped to one organization: another organization's connector is reported exactly as a
 * missing one.
 *
 * <p>Adding or editing checks the connector first (the credential is accepted, listing works or the missing
 * permission is named, push permission is known where the provider can tell, expiry is recorded) and saves nothing
 * when the check fails, unless the caller asks to save it unverified. Secrets are write-only: no return value holds
 * one, and every exception leaving this class has had the connector's secrets masked out of its message.
 */
public final class ConnectorService {
    /**
     * Which of several connectors for one registry host to use when none is named: verified ones first, then
     * read-write ones, then the oldest.
     */
    public static final Comparator<Connector> PREFERRED = Comparator.<Connector, Boolean>comparing(
                    c -> c.state().status().verification() != Verification.VERIFIED)
            .thenComparing(c -> c.state().access() != Access.READ_WRITE)
            .thenComparing(Connector::createdAt);

    private final ConnectorStore store;
    private final SecretReader secrets;
    private final Providers providers;
    private final ProviderContext context;

    public ConnectorService(ConnectorStore store, SecretReader secrets, Providers providers, ProviderContext context) {
        this.store = Objects.requireNonNull(store, "store");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.context = Objects.requireNonNull(context, "context");
    }

    // ---- providers -----------------------------------------------------------------------------------------

    /** Every provider, in display order (for {@code whittle providers} and the web form). */
    public List<Provider> providers() {
        return providers.all();
    }

    public Provider provider(String id) throws InvalidFieldsException {
        return providers.require(id);
    }

    // ---- add, check ----------------------------------------------------------------------------------------

    /**
     * Checks what the user entered without saving anything (a form's "test connection" before saving).
     *
     * @throws InvalidFieldsException   when the form's validation fails, listing every problem
     * @throws ConnectorCheckException  when the check fails, naming the field it concerns
     */
    public CheckResult check(String provider, FieldValues values) throws IOException {
        Provider p = providers.require(provider);
        validate(p, values);
        return runCheck(p, values);
    }

    /**
     * Checks the new connector and saves it with a fresh connector ID. When the check fails nothing is saved and
     * the failure is thrown, unless {@link NewConnector#saveUnverified()}: then it is saved as unverified and the
     * outcome carries the failure.
     *
     * @throws io.whittle.platform.connector.DuplicateConnectorNameException when the name is taken
     */
    public ConnectorOutcome add(OrganizationId org, NewConnector request) throws IOException {
        Objects.requireNonNull(org, "org");
        Provider p = providers.require(request.provider());
        FieldValues values = request.values();
        validate(p, values);
        Checked checked = check(p, values, request.saveUnverified());
        String host = hostOf(p, values, checked.result());
        Connector saved = store.create(org, ConnectorDraft.of(p.id(), request.name(), host, values.settings(),
                values.secrets(), checked.state(context.clock().instant())));
        return checked.outcome(saved);
    }

    // ---- list, show ----------------------------------------------------------------------------------------

    /** The built-in connectors, then the organization's own, oldest first. */
    public List<Connector> list(OrganizationId org) {
        List<Connector> out = new ArrayList<>();
        out.add(BuiltInConnectors.dockerHubPublic(org));
        PageRequest req = PageRequest.first(PageRequest.LIMIT_MAX);
        while (true) {
            Page<Connector> page = store.list(org, req);
            out.addAll(page.items());
            Optional<PageRequest> next = page.nextRequest(PageRequest.LIMIT_MAX);
            if (next.isEmpty()) {
                return out;
            }
            req = next.get();
        }
    }

    /** One page of the organization's stored connectors (built-in ones are not paged). */
    public Page<Connector> list(OrganizationId org, PageRequest request) {
        return store.list(org, request);
    }

    /** @throws io.whittle.platform.connector.ConnectorNotFoundException when the organization has no such connector */
    public Connector show(OrganizationId org, ConnectorId id) {
        return store.require(org, id);
    }

    // ---- test, edit, delete --------------------------------------------------------------------------------

    /**
     * Checks a saved connector with exactly what is stored (it takes no new address, CA or switch: those change only
     * through {@link #edit}, which asks for the secrets again) and records the outcome. A failing check is recorded
     * and returned, not thrown.
     */
    public ConnectorOutcome test(OrganizationId org, ConnectorId id) throws IOException {
        Connector c = store.require(org, id);
        Provider p = providers.require(c.provider());
        FieldValues values = storedValues(org, c);
        Optional<CheckResult> result = Optional.empty();
        Optional<ConnectorCheckException> failure = Optional.empty();
        try {
            CheckResult r = runCheck(p, values);
            if (!r.registryHost().equals(c.registryHost())) {
                throw ConnectorCheckException.of(Failure.DENIED, null, "test", id.toString(), "The credentials of "
                        + id + " now give access to " + r.registryHost() + ", not to the saved " + c.registryHost()
                        + ": edit the connector to point it at the registry you mean.");
            }
            result = Optional.of(r);
        } catch (ConnectorCheckException e) {
            failure = Optional.of(e);
        }
        if (c.isBuiltIn()) {
            return new ConnectorOutcome(c, result, failure);
        }
        // A rate limit this check could not read stays as last read, with the time it was read.
        ConnectorState state = result.isPresent()
                ? ConnectorState.checked(ConnectorStatus.verified(), result.get().access(), result.get().expiresAt(),
                        context.clock().instant()).withRateLimit(result.get().rateLimit().or(c.state()::rateLimit))
                : ConnectorState.checked(ConnectorStatus.failing(failure.orElseThrow().getMessage()),
                        c.state().access(), c.state().expiresAt(), context.clock().instant())
                        .withRateLimit(c.state().rateLimit());
        Connector recorded = store.recordCheck(org, id, c.version(), state);
        return new ConnectorOutcome(recorded, result, failure);
    }

    /**
     * Changes a saved connector and checks it again. A secret left empty keeps the stored one; changing the registry
     * host or a setting that decides where credentials go (see {@link Provider#destinationSettings()}) requires every
     * secret again. Nothing is saved when the check fails, unless {@link ConnectorChange#saveUnverified()}.
     *
     * @throws SecretRequiredException naming the secrets to enter again
     * @throws io.whittle.platform.connector.ConnectorConflictException when the connector changed since it was read
     */
    public ConnectorOutcome edit(OrganizationId org, ConnectorId id, ConnectorChange change) throws IOException {
        Connector current = store.require(org, id);
        if (change.expectedVersion() != current.version()) {
            // Made against a version someone has changed since: refuse before checking anything.
            throw new io.whittle.platform.connector.ConnectorConflictException(id, change.expectedVersion(),
                    current.version());
        }
        Provider p = providers.require(current.provider());
        SortedMap<String, SecretValue> stored = secrets.secrets(org, id);
        SortedMap<String, SecretValue> merged = new TreeMap<>(stored);
        change.clearedSecrets().forEach(merged::remove);
        merged.putAll(change.secrets());
        FieldValues values = FieldValues.of(change.settings(), merged);
        boolean destinationChanged = p.destinationSettings().stream()
                .anyMatch(k -> !Objects.equals(current.settings().get(k), change.settings().get(k)))
                || p.registryHost(values).map(h -> !h.equals(current.registryHost())).orElse(false);
        if (destinationChanged) {
            TreeSet<String> missing = new TreeSet<>(stored.keySet());
            missing.removeAll(change.clearedSecrets());
            missing.removeAll(change.secrets().keySet());
            if (!missing.isEmpty()) {
                throw new SecretRequiredException(id, missing);
            }
        }
        validate(p, values);
        Checked checked = check(p, values, change.saveUnverified());
        String host = hostOf(p, values, checked.result());
        if (!host.equals(current.registryHost()) && !destinationChanged) {
            TreeSet<String> missing = new TreeSet<>(stored.keySet());
            missing.removeAll(change.secrets().keySet());
            missing.removeAll(change.clearedSecrets());
            if (!missing.isEmpty()) {
                throw new SecretRequiredException(id, missing);
            }
        }
        ConnectorEdit edit = ConnectorEdit.of(current)
                .withName(change.name().orElse(current.name()))
                .withRegistryHost(host)
                .withSettings(change.settings())
                .withDestinationSettings(p.destinationSettings())
                .withState(checked.state(context.clock().instant()));
        for (Map.Entry<String, SecretValue> s : change.secrets().entrySet()) {
            edit = edit.withSecret(s.getKey(), s.getValue());
        }
        for (String cleared : change.clearedSecrets()) {
            edit = edit.withoutSecret(cleared);
        }
        return checked.outcome(store.update(org, id, edit));
    }

    /** Removes a connector and its secrets. */
    public void delete(OrganizationId org, ConnectorId id) {
        store.delete(org, id);
    }

    // ---- repositories and tags -----------------------------------------------------------------------------

    /** One page of the repositories the connector can see. */
    public RepositoryPage repositories(OrganizationId org, ConnectorId id, Optional<String> pageToken, int pageSize)
            throws IOException {
        return withConnection(org, id, c -> c.repositories(pageToken, pageSize));
    }

    /** Every repository the connector can see, following pages (at most {@code limit}). */
    public List<RepositoryInfo> allRepositories(OrganizationId org, ConnectorId id, int limit) throws IOException {
        return withConnection(org, id, c -> ListingPage.all(token -> c.repositories(token, 100), limit));
    }

    /** One page of a repository's tags, with digest, platforms, size and date where the provider gives them. */
    public TagPage tags(OrganizationId org, ConnectorId id, String repository, Optional<String> pageToken,
                        int pageSize) throws IOException {
        return withConnection(org, id, c -> c.tags(repository, pageToken, pageSize));
    }

    /** Every tag of a repository, following pages (at most {@code limit}). */
    public List<TagInfo> allTags(OrganizationId org, ConnectorId id, String repository, int limit)
            throws IOException {
        return withConnection(org, id, c -> ListingPage.all(token -> c.tags(repository, token, 100), limit));
    }

    /**
     * Makes sure a push through the connector to {@code repository} can land: creates the repository where the
     * provider requires one before a push (ECR). Call it before pushing.
     *
     * @throws ConnectorCheckException when the repository is missing and the credential may not create it
     */
    public void prepareRepository(OrganizationId org, ConnectorId id, String repository) throws IOException {
        withConnection(org, id, c -> {
            c.prepareRepository(repository);
            return null;
        });
    }

    /** Deletes one tag the way the provider allows. */
    public void deleteTag(OrganizationId org, ConnectorId id, String repository, String tag) throws IOException {
        withConnection(org, id, c -> {
            c.deleteTag(repository, tag);
            return null;
        });
    }

    // ---- keychains and connections -------------------------------------------------------------------------

    /**
     * A keychain that answers, for each registry host, the credential of the organization's connector whose
     * registry host is exactly that host (never by prefix or suffix); anonymous where there is none. Close it when
     * done.
     */
    public ConnectorKeychain keychain(OrganizationId org) {
        return new ConnectorKeychain(this, org, Optional.empty());
    }

    /** A keychain that answers only the given connector's credential, and only for that connector's registry host. */
    public ConnectorKeychain keychain(OrganizationId org, ConnectorId id) {
        store.require(org, id);
        return new ConnectorKeychain(this, org, Optional.of(id));
    }

    /**
     * Fails unless {@code id} is a connector for {@code registryHost}, so that a front end can refuse a
     * {@code --connector} that does not fit the image instead of sending nothing.
     */
    public Connector requireFor(OrganizationId org, ConnectorId id, String registryHost)
            throws ConnectorCheckException {
        Connector c = store.require(org, id);
        if (!c.registryHost().equals(registryHost.toLowerCase(java.util.Locale.ROOT))) {
            throw ConnectorCheckException.of(Failure.INVALID, null, "use connector", id.toString(), "Connector " + id
                    + " holds credentials for " + c.registryHost() + ", not for " + registryHost
                    + ": pick a connector for " + registryHost + " (whittle connector list).");
        }
        return c;
    }

    /**
     * The connector used for a registry host when none is named: among the organization's connectors whose registry
     * host is exactly {@code registryHost}, verified ones first, then read-write ones, then the oldest.
     */
    public Optional<Connector> connectorFor(OrganizationId org, String registryHost) {
        Optional<String> host = Endpoints.registryHost(registryHost);
        if (host.isEmpty() || !host.get().equals(registryHost.toLowerCase(java.util.Locale.ROOT))) {
            return Optional.empty(); // not a host any connector can hold
        }
        return store.findByHost(org, host.get()).stream().min(PREFERRED);
    }

    /**
     * A connection made from a saved connector, for operations beyond this class (inspect, copy). The caller closes
     * it. Its exceptions are not masked: use only its credential and registry client, whose messages never hold
     * secrets.
     */
    public Connection open(OrganizationId org, ConnectorId id) throws IOException {
        Connector c = store.require(org, id);
        Provider p = providers.require(c.provider());
        return p.connect(storedValues(org, c), context);
    }

    // ---- internals -----------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T apply(Connection c) throws IOException;
    }

    private <T> T withConnection(OrganizationId org, ConnectorId id, ConnectionWork<T> work) throws IOException {
        Connector c = store.require(org, id);
        Provider p = providers.require(c.provider());
        FieldValues values = storedValues(org, c);
        Redactor redactor = new Redactor(values.secrets().values());
        try (Connection conn = p.connect(values, context)) {
            return work.apply(conn);
        } catch (AccessException e) {
            throw redactor.scrub(e);
        } catch (RuntimeException e) {
            throw unexpected(redactor, e, "use connector", id.toString());
        }
    }

    FieldValues storedValues(OrganizationId org, Connector c) {
        return FieldValues.of(c.settings(), secrets.secrets(org, c.id()));
    }

    private void validate(Provider p, FieldValues values) throws InvalidFieldsException {
        List<FieldProblem> problems = new ArrayList<>(p.form().validate(values));
        if (problems.isEmpty()) {
            problems.addAll(p.crossCheck(values));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFieldsException(p.id(), problems);
        }
    }

    private CheckResult runCheck(Provider p, FieldValues values) throws ConnectorCheckException {
        Redactor redactor = new Redactor(values.secrets().values());
        try (Connection c = p.connect(values, context)) {
            return c.check();
        } catch (ConnectorCheckException e) {
            throw (ConnectorCheckException) redactor.scrub(e);
        } catch (AccessException e) {
            AccessException s = redactor.scrub(e);
            throw new ConnectorCheckException(s.failure(), Optional.empty(), s.operation(), s.subject(),
                    s.getMessage(), s.retryable(), s.getCause());
        } catch (IOException e) {
            throw unexpected(redactor, e, "check", p.id());
        } catch (RuntimeException e) {
            throw unexpected(redactor, e, "check", p.id());
        }
    }

    private static ConnectorCheckException unexpected(Redactor redactor, Exception e, String operation,
                                                      String subject) {
        String why = redactor.scrub(String.valueOf(e.getMessage()));
        return new ConnectorCheckException(Failure.OTHER, Optional.empty(), operation, subject, operation + " "
                + subject + " failed unexpectedly (" + e.getClass().getSimpleName() + ": " + why + "): try again, and"
                + " report it if it persists.", false, redactor.leaks(String.valueOf(e)) ? null : e);
    }

    private static String hostOf(Provider p, FieldValues values, Optional<CheckResult> result)
            throws InvalidFieldsException {
        Optional<String> host = result.map(CheckResult::registryHost).or(() -> p.registryHost(values));
        if (host.isEmpty()) {
            throw new InvalidFieldsException(p.id(), List.of(FieldProblem.of(CommonFields.REGISTRY, "The registry host"
                    + " could not be found without a successful check: enter it to save the connector unverified.")));
        }
        return host.get();
    }

    /** Runs the check; a failure is thrown, or kept when the caller saves the connector unverified. */
    private Checked check(Provider p, FieldValues values, boolean keepFailure) throws ConnectorCheckException {
        try {
            return new Checked(Optional.of(runCheck(p, values)), Optional.empty());
        } catch (ConnectorCheckException e) {
            if (!keepFailure) {
                throw e;
            }
            return new Checked(Optional.empty(), Optional.of(e));
        }
    }

    /** What a check before saving found: a result, or the failure of a connector saved unverified. */
    private record Checked(Optional<CheckResult> result, Optional<ConnectorCheckException> failure) {
        ConnectorState state(Instant now) {
            if (result.isPresent()) {
                CheckResult r = result.get();
                return ConnectorState.checked(ConnectorStatus.verified(), r.access(), r.expiresAt(), now)
                        .withRateLimit(r.rateLimit());
            }
            return new ConnectorState(ConnectorStatus.unverified(failure.map(Throwable::getMessage).orElse("")),
                    Access.UNKNOWN, Optional.empty(), Optional.of(now));
        }

        ConnectorOutcome outcome(Connector saved) {
            return new ConnectorOutcome(saved, result, failure);
        }
    }
}
