package io.whittle.testkit;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that runs a real {@link RegistryServer} for a test class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RegistryExtension REGISTRY = RegistryExtension.basic("alice", "secret");
 *
 * @RegisterExtension
 * static final RegistryExtension TARGET = RegistryExtension.noAuth().onHost("127.0.0.2");
 * }</pre>
 *
 * <p>As a static field the registry starts once before the class's first test and stops after its last. As an
 * instance field it starts before each test and stops after it. Several extensions in one class run
 * independent registries (say, a source and a target).
 */
public final class RegistryExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private final Consumer<RegistryServer.Builder> setup;
    private final String host;
    private RegistryServer server;
    private String owner;
    private boolean perTest;

    private RegistryExtension(Consumer<RegistryServer.Builder> setup, String host) {
        this.setup = setup;
        this.host = host;
    }

    /** A registry without authentication. */
    public static RegistryExtension noAuth() {
        return new RegistryExtension(RegistryServer.Builder::noAuth, "127.0.0.1");
    }

    /** A registry with HTTP Basic authentication and one user. */
    public static RegistryExtension basic(String username, String password) {
        Credentials.of(username, password);
        return new RegistryExtension(b -> b.basic(username, password), "127.0.0.1");
    }

    /** A registry with token authentication through a {@link TokenIssuer} configured so. */
    public static RegistryExtension token(TokenIssuer.Config config) {
        Objects.requireNonNull(config, "config");
        return new RegistryExtension(b -> b.token(config), "127.0.0.1");
    }

    /** A registry with token authentication and one user who may do everything. */
    public static RegistryExtension token(String username, String password) {
        return token(TokenIssuer.Config.defaults().withUser(username, password, TokenIssuer.Grant.all()));
    }

    /** A registry set up by hand, for options the factories above do not cover; the host set here wins. */
    public static RegistryExtension custom(Consumer<RegistryServer.Builder> setup) {
        return new RegistryExtension(Objects.requireNonNull(setup, "setup"), null);
    }

    /** The same registry on another loopback address, such as {@code 127.0.0.2}. */
    public RegistryExtension onHost(String loopbackHost) {
        RegistryServer.requireLoopback(loopbackHost);
        return new RegistryExtension(setup, loopbackHost);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // @Nested classes inherit the extension and call back again: only the outermost class owns the registry.
        if (server == null) {
            start();
            owner = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(owner)) {
            stop();
            owner = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (server == null) {
            // Registered on an instance field: JUnit never called beforeAll, so the registry lives for one test.
            perTest = true;
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            stop();
        }
    }

    private synchronized void start() {
        if (server != null) {
            return;
        }
        RegistryServer.Builder b = RegistryServer.builder();
        if (host != null) {
            b.host(host);
        }
        setup.accept(b);
        server = b.start();
    }

    private synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /**
     * The running registry.
     *
     * @throws IllegalStateException outside a test's lifetime
     */
    public RegistryServer server() {
        RegistryServer s = server;
        if (s == null) {
            throw new IllegalStateException("the registry is not running: use it inside a test, and register the"
                    + " extension with @RegisterExtension");
        }
        return s;
    }

    /** {@code http://host:port}. */
    public String url() {
        return server().url();
    }

    /** {@code host:port}, as it appears in image references. */
    public String hostPort() {
        return server().hostPort();
    }

    /** How the registry authenticates clients. */
    public AuthMode mode() {
        return server().mode();
    }

    /** The first user's credentials; empty for a registry without authentication or users. */
    public Optional<Credentials> credentials() {
        return server().credentials();
    }

    /**
     * The token issuer of a TOKEN-mode registry.
     *
     * @throws IllegalStateException for a registry in another mode
     */
    public TokenIssuer issuer() {
        return server().tokenIssuer().orElseThrow(() -> new IllegalStateException("this registry runs in "
                + server().mode() + " mode and has no token issuer: use RegistryExtension.token(...)"));
    }

    /** An image reference on this registry, {@code host:port/repository:tag}. */
    public String reference(String repository, String tag) {
        return hostPort() + "/" + repository + ":" + tag;
    }

    @Override
    public String toString() {
        RegistryServer s = server;
        return "RegistryExtension[" + (s == null ? "not running" : s.toString()) + "]";
    }
}
