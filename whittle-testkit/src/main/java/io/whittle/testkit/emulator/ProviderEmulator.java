package io.whittle.testkit.emulator;

import io.whittle.testkit.RegistryServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every provider emulator has: the real registry behind it, the hosts it serves (registry, API, token
 * service), and the record of every request they received. Subclasses add the provider's exchanges and a
 * seeding API.
 */
public abstract class ProviderEmulator implements AutoCloseable {
    protected final RegistryBackend backend;
    private final Map<String, HttpEndpoint> endpoints = new ConcurrentHashMap<>();

    protected ProviderEmulator(RegistryBackend backend) {
        this.backend = backend;
    }

    /** Starts one of the provider's hosts; it is stopped with the emulator. */
    protected final HttpEndpoint endpoint(String role) {
        HttpEndpoint e = HttpEndpoint.start(role);
        endpoints.put(role, e);
        return e;
    }

    /** Registers a host started otherwise (e.g. over TLS). */
    protected final HttpEndpoint endpoint(HttpEndpoint e) {
        endpoints.put(e.role(), e);
        return e;
    }

    /** The host that serves {@code /v2/}. */
    public abstract HttpEndpoint registryEndpoint();

    /** {@code http://127.0.0.1:port} of the registry host, as clients reach it. */
    public String registryUrl() {
        return registryEndpoint().url();
    }

    /** {@code 127.0.0.1:port}, the registry host as it appears in image references. */
    public String registryHostPort() {
        return registryEndpoint().hostPort();
    }

    /** The real registry behind the emulator (its log, its storage). */
    public RegistryServer registry() {
        return backend.registry();
    }

    public RegistryBackend backend() {
        return backend;
    }

    /** Every request to any of the emulator's hosts, oldest first. */
    public List<EmulatorRequest> requests() {
        List<EmulatorRequest> all = new ArrayList<>();
        endpoints.values().forEach(e -> all.addAll(e.requests()));
        all.sort(Comparator.comparing(EmulatorRequest::time));
        return all;
    }

    /** The requests one host received ({@code registry}, {@code api}, {@code auth}, …), oldest first. */
    public List<EmulatorRequest> requests(String role) {
        HttpEndpoint e = endpoints.get(role);
        if (e == null) {
            throw new IllegalArgumentException("this emulator has no '" + role + "' host; it has " + endpoints.keySet());
        }
        return e.requests();
    }

    public void clearRequests() {
        endpoints.values().forEach(HttpEndpoint::clearRequests);
    }

    /** Stops every host and the registry. Idempotent. */
    @Override
    public void close() {
        endpoints.values().forEach(HttpEndpoint::close);
        backend.close();
    }

    /** Runs a start-up step; when it fails, what was started so far is stopped. */
    protected static <E extends ProviderEmulator> E started(E emulator, java.util.function.Consumer<E> setup) {
        try {
            setup.accept(emulator);
            return emulator;
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
    }
}
