package io.whittle.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.whittle.oci.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A token server for registries in {@link AuthMode#TOKEN} mode, as the distribution token spec describes it:
 * {@code GET /token?service=…&scope=…} (Basic or anonymous) and the OAuth2 form {@code POST /token}
 * ({@code grant_type=password} or {@code refresh_token}). It mints RS256 JWTs whose {@code x5c} header
 * carries a self-signed certificate; a registry trusts them through {@link #certificatePem()} as its
 * {@code rootcertbundle}.
 *
 * <p>Requested scopes are honoured as distribution's token servers do: every requested resource appears in the
 * token's {@code access} claim with the intersection of the requested and the granted actions, possibly empty.
 * Every request is recorded for assertions ({@link #requests()}).
 */
public final class TokenIssuer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final String certificatePem;
    private final String baseUrl;
    private volatile Config config;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final java.util.concurrent.atomic.AtomicInteger expiredLeft = new java.util.concurrent.atomic.AtomicInteger();

    private TokenIssuer(Config config) throws IOException {
        this.config = config;
        this.expiredLeft.set(config.expiredTokens());
        this.keys = rsaKeys();
        this.certificate = selfSigned(keys, config.issuer());
        this.certificatePem = pem(certificate);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(config.host()), 0), 50);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "whittle-token-issuer");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/token", this::handle);
        server.start();
        this.baseUrl = "http://" + config.host() + ":" + server.getAddress().getPort();
    }

    /** Starts an issuer on a free port of {@link Config#host()}. */
    public static TokenIssuer start(Config config) {
        Objects.requireNonNull(config, "config");
        try {
            return new TokenIssuer(config);
        } catch (IOException e) {
            throw new TestkitException("could not start the token issuer on " + config.host() + ": " + e.getMessage(), e);
        }
    }

    /** {@code http://host:port} of the issuer. */
    public String url() {
        return baseUrl;
    }

    /** The token endpoint, {@code http://host:port/token}: the {@code realm} registries name in their challenges. */
    public String realm() {
        return baseUrl + "/token";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Config config() {
        return config;
    }

    /**
     * Changes users, grants, lifetimes and response shape for later requests. The host, service and issuer name
     * are fixed once a registry trusts the issuer, so they must stay the same.
     */
    public void reconfigure(Config newConfig) {
        Objects.requireNonNull(newConfig, "config");
        if (!newConfig.host().equals(config.host()) || !newConfig.service().equals(config.service())
                || !newConfig.issuer().equals(config.issuer())) {
            throw new IllegalArgumentException("host, service and issuer cannot change on a running issuer: start a"
                    + " new TokenIssuer instead");
        }
        this.config = newConfig;
        this.expiredLeft.set(newConfig.expiredTokens());
    }

    /** The self-signed certificate whose key signs the tokens. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate in PEM, the content of a registry's {@code auth.token.rootcertbundle}. */
    public String certificatePem() {
        return certificatePem;
    }

    /**
     * Mints a token for {@code subject} carrying exactly {@code access}, valid for the configured lifetime; for
     * tests that need a token the endpoint would not hand out (say, one without push).
     */
    public String mint(String subject, List<Access> access) {
        return mint(subject, access, config.tokenLifetime());
    }

    /** Mints a token valid for {@code lifetime} from now; a negative lifetime gives an already expired token. */
    public String mint(String subject, List<Access> access, Duration lifetime) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Map<String, Object>> claim = new ArrayList<>();
        for (Access a : access) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", a.type());
            entry.put("name", a.name());
            entry.put("actions", List.copyOf(a.actions()));
            claim.add(entry);
        }
        Instant notBefore = lifetime.isNegative() ? now.plus(lifetime).minusSeconds(1) : now;
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(config.issuer())
                .audience(config.service())
                .expirationTime(Date.from(now.plus(lifetime)))
                .notBeforeTime(Date.from(notBefore))
                .issueTime(Date.from(notBefore))
                .jwtID(UUID.randomUUID().toString())
                .claim("access", claim);
        if (!subject.isEmpty()) {
            claims.subject(subject);
        }
        JWSHeader header;
        try {
            header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .type(JOSEObjectType.JWT)
                    .x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode(certificate.getEncoded())))
                    .build();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(new RSASSASigner(keys.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** Every request received so far, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    /** Stops the HTTP server. Idempotent. */
    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "TokenIssuer[" + realm() + ", service=" + config.service() + "]";
    }

    // ---- HTTP ----------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Config c = config;
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            String query = Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse("");
            Map<String, List<String>> params = parseForm(query);
            String authorization = ex.getRequestHeaders().getFirst("Authorization");
            boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
            if (method.equals("POST")) {
                if (!c.acceptPost()) {
                    record(ex, method, query, List.of(), params, basic, Optional.empty(), Optional.empty(), 404);
                    send(ex, 404, error("this token server does not take POST: use GET"));
                    return;
                }
                byte[] body = readBounded(ex.getRequestBody(), 64 * 1024);
                parseForm(new String(body, StandardCharsets.UTF_8)).forEach((k, v) ->
                        params.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            } else if (!method.equals("GET")) {
                record(ex, method, query, List.of(), params, basic, Optional.empty(), Optional.empty(), 405);
                send(ex, 405, error("use GET or POST"));
                return;
            }
            List<String> scopes = new ArrayList<>();
            for (String s : params.getOrDefault("scope", List.of())) {
                for (String one : s.trim().split(" +")) {
                    if (!one.isEmpty()) {
                        scopes.add(one);
                    }
                }
            }
            Optional<String> grantType = first(params, "grant_type");

            // Who is asking: Basic header (GET), form fields (POST password grant) or a refresh token.
            Optional<String> userName = Optional.empty();
            Optional<User> user = Optional.empty();
            boolean authFailed = false;
            if (method.equals("POST") && grantType.isPresent()) {
                switch (grantType.get()) {
                    case "password" -> {
                        userName = first(params, "username");
                        user = authenticate(c, userName, first(params, "password"));
                        authFailed = user.isEmpty();
                    }
                    case "refresh_token" -> {
                        Optional<String> owner = first(params, "refresh_token").map(refreshTokens::get);
                        if (owner.isEmpty()) {
                            record(ex, method, query, scopes, params, basic, Optional.empty(), grantType, 400);
                            send(ex, 400, oauthError("invalid_grant", "the refresh token is unknown: log in again"));
                            return;
                        }
                        userName = owner;
                        user = c.users().stream().filter(u -> u.name().equals(owner.get())).findFirst();
                        authFailed = user.isEmpty();
                    }
                    default -> {
                        record(ex, method, query, scopes, params, basic, Optional.empty(), grantType, 400);
                        send(ex, 400, oauthError("unsupported_grant_type", "grant_type must be password or refresh_token"));
                        return;
                    }
                }
            } else if (basic) {
                Optional<String[]> pair = decodeBasic(authorization);
                if (pair.isEmpty()) {
                    authFailed = true;
                } else {
                    userName = Optional.of(pair.get()[0]);
                    user = authenticate(c, userName, Optional.of(pair.get()[1]));
                    authFailed = user.isEmpty();
                }
            } else if (method.equals("POST")) {
                record(ex, method, query, scopes, params, false, Optional.empty(), grantType, 400);
                send(ex, 400, oauthError("invalid_request", "a POST needs grant_type=password or refresh_token"));
                return;
            }
            if (authFailed) {
                record(ex, method, query, scopes, params, basic, userName, grantType, 401);
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"" + c.issuer() + "\"");
                send(ex, 401, error("incorrect username or password"));
                return;
            }

            List<Access> access;
            try {
                access = resolve(c, user, scopes);
            } catch (IllegalArgumentException e) {
                record(ex, method, query, scopes, params, basic, userName, grantType, 400);
                send(ex, 400, oauthError("invalid_scope", e.getMessage()));
                return;
            }
            // Beyond the registry's 60 s leeway, so that it refuses the token at once.
            Duration lifetime = expiredLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? Duration.ofMinutes(-2)
                    : c.tokenLifetime();
            String token = mint(user.map(User::name).orElse(""), access, lifetime);
            ObjectNode body = Json.MAPPER.createObjectNode();
            if (c.tokenField() != TokenField.ACCESS_TOKEN) {
                body.put("token", token);
            }
            if (c.tokenField() != TokenField.TOKEN) {
                body.put("access_token", token);
            }
            if (c.expiresIn()) {
                body.put("expires_in", Math.max(0, c.tokenLifetime().toSeconds()));
            }
            body.put("issued_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            boolean wantsRefresh = method.equals("POST")
                    || first(params, "offline_token").filter("true"::equalsIgnoreCase).isPresent();
            if (c.refreshTokens() && user.isPresent() && wantsRefresh) {
                String refresh = first(params, "refresh_token").filter(refreshTokens::containsKey)
                        .orElseGet(this::newRefreshToken);
                refreshTokens.put(refresh, user.get().name());
                body.put("refresh_token", refresh);
            }
            record(ex, method, query, scopes, params, basic, userName, grantType, 200);
            send(ex, 200, Json.bytes(body));
        } catch (RuntimeException e) {
            send(ex, 500, error("token issuer failed: " + e));
        }
    }

    private static Optional<User> authenticate(Config c, Optional<String> name, Optional<String> password) {
        if (name.isEmpty() || password.isEmpty()) {
            return Optional.empty();
        }
        return c.users().stream()
                .filter(u -> u.name().equals(name.get()) && u.password().equals(password.get()))
                .findFirst();
    }

    /** The access claim for the requested scopes: each resource once, with requested ∩ granted actions. */
    static List<Access> resolve(Config c, Optional<User> user, List<String> scopes) {
        List<Grant> grants = new ArrayList<>(c.anonymous());
        user.ifPresent(u -> grants.addAll(u.grants()));
        Map<String, Access> byResource = new LinkedHashMap<>();
        for (String scope : scopes) {
            Access requested = Access.parseScope(scope);
            Set<String> granted = new LinkedHashSet<>();
            for (String action : requested.actions()) {
                for (Grant g : grants) {
                    if (g.allows(requested.type(), requested.name(), action)) {
                        granted.add(action);
                    }
                }
            }
            String key = requested.type() + ":" + requested.name();
            Access previous = byResource.get(key);
            if (previous != null) {
                Set<String> merged = new LinkedHashSet<>(previous.actions());
                merged.addAll(granted);
                granted = merged;
            }
            byResource.put(key, new Access(requested.type(), requested.name(), List.copyOf(granted)));
        }
        return List.copyOf(byResource.values());
    }

    private String newRefreshToken() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return "rt-" + HexFormat.of().formatHex(b);
    }

    private void record(HttpExchange ex, String method, String query, List<String> scopes,
                        Map<String, List<String>> params, boolean basic, Optional<String> user,
                        Optional<String> grantType, int status) {
        requests.add(new Request(Instant.now(), method, ex.getRequestURI().getPath(), query, List.copyOf(scopes),
                first(params, "service"), basic, user, grantType,
                first(params, "offline_token").filter("true"::equalsIgnoreCase).isPresent(), status));
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] error(String details) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("details", details);
        return Json.bytes(n);
    }

    private static byte[] oauthError(String code, String description) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("error", code);
        n.put("error_description", description);
        return Json.bytes(n);
    }

    private static byte[] readBounded(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit) {
            throw new IllegalArgumentException("request body over " + limit + " bytes");
        }
        return body;
    }

    static Map<String, List<String>> parseForm(String encoded) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static Optional<String> first(Map<String, List<String>> params, String key) {
        List<String> v = params.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
    }

    private static Optional<String[]> decodeBasic(String header) {
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    // ---- keys ----------------------------------------------------------------------------------------------

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate selfSigned(KeyPair keys, String issuerName) {
        try {
            X500Name name = new X500Name("CN=" + issuerName.replaceAll("[,=+<>#;\"\\\\]", "_"));
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), name,
                    keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign));
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (OperatorCreationException | CertificateException | CertIOException e) {
            throw new IllegalStateException("could not make the issuer certificate: " + e.getMessage(), e);
        }
    }

    private static String pem(X509Certificate cert) {
        try {
            String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(cert.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- values --------------------------------------------------------------------------------------------

    /** Which field of the JSON answer carries the token. */
    public enum TokenField {
        /** {@code token} only, as Docker Hub's older servers answer. */
        TOKEN,
        /** {@code access_token} only, the OAuth2 name. */
        ACCESS_TOKEN,
        /** Both fields with the same token (the default). */
        BOTH
    }

    /**
     * How an issuer behaves. Start from {@link #defaults()} and change it with the {@code with…} methods.
     *
     * @param host          loopback address the issuer listens on
     * @param service       the registry's service name; tokens carry it as {@code aud}
     * @param issuer        the {@code iss} claim, also the certificate's common name
     * @param users         who may log in and what each may do
     * @param anonymous     grants for everyone, logged in or not (public repositories)
     * @param tokenLifetime how long a token is valid ({@code exp} - {@code iat}); also the {@code expires_in}.
     *                      distribution 2.8 still accepts a token up to 60 s after {@code exp}, so to make a
     *                      registry refuse tokens use {@link #withExpiredTokens}
     * @param tokenField    whether the answer says {@code token}, {@code access_token} or both
     * @param expiresIn     whether the answer includes {@code expires_in}
     * @param refreshTokens whether refresh tokens are issued (on {@code offline_token=true} or a POST)
     * @param acceptPost    whether the OAuth2 POST form is served (404 otherwise, as some registries do)
     * @param expiredTokens how many of the next tokens are handed out already expired (see
     *                      {@link #withExpiredTokens})
     */
    public record Config(String host, String service, String issuer, List<User> users, List<Grant> anonymous,
                         Duration tokenLifetime, TokenField tokenField, boolean expiresIn, boolean refreshTokens,
                         boolean acceptPost, int expiredTokens) {

        public Config {
            RegistryServer.requireLoopback(host);
            requireText(service, "service");
            requireText(issuer, "issuer");
            users = List.copyOf(users);
            anonymous = List.copyOf(anonymous);
            Objects.requireNonNull(tokenLifetime, "tokenLifetime");
            Objects.requireNonNull(tokenField, "tokenField");
            if (expiredTokens < 0) {
                throw new IllegalArgumentException("expiredTokens must be >= 0, got " + expiredTokens);
            }
            Set<String> names = new java.util.HashSet<>();
            for (User u : users) {
                if (!names.add(u.name())) {
                    throw new IllegalArgumentException("user '" + u.name() + "' is configured twice: give each user once");
                }
            }
        }

        /**
         * Service {@code whittle-test-registry}, issuer {@code whittle-test-issuer} on 127.0.0.1, no users, no
         * anonymous access, 5-minute tokens in both fields with {@code expires_in}, refresh tokens and POST on.
         */
        public static Config defaults() {
            return new Config("127.0.0.1", "whittle-test-registry", "whittle-test-issuer", List.of(), List.of(),
                    Duration.ofMinutes(5), TokenField.BOTH, true, true, true, 0);
        }

        /** Adds a user with these grants; with no grants the user can log in but gets no access. */
        public Config withUser(String name, String password, Grant... grants) {
            List<User> u = new ArrayList<>(users);
            u.add(new User(name, password, List.of(grants)));
            return new Config(host, service, issuer, u, anonymous, tokenLifetime, tokenField, expiresIn,
                    refreshTokens, acceptPost, expiredTokens);
        }

        /** Adds grants that apply to everyone, e.g. {@code Grant.repository("public/*", "pull")}. */
        public Config withAnonymous(Grant... grants) {
            List<Grant> g = new ArrayList<>(anonymous);
            g.addAll(List.of(grants));
            return new Config(host, service, issuer, users, g, tokenLifetime, tokenField, expiresIn, refreshTokens,
                    acceptPost, expiredTokens);
        }

        public Config withHost(String newHost) {
            return new Config(newHost, service, issuer, users, anonymous, tokenLifetime, tokenField, expiresIn,
                    refreshTokens, acceptPost, expiredTokens);
        }

        public Config withService(String newService) {
            return new Config(host, newService, issuer, users, anonymous, tokenLifetime, tokenField, expiresIn,
                    refreshTokens, acceptPost, expiredTokens);
        }

        public Config withIssuer(String newIssuer) {
            return new Config(host, service, newIssuer, users, anonymous, tokenLifetime, tokenField, expiresIn,
                    refreshTokens, acceptPost, expiredTokens);
        }

        public Config withTokenLifetime(Duration lifetime) {
            return new Config(host, service, issuer, users, anonymous, lifetime, tokenField, expiresIn, refreshTokens,
                    acceptPost, expiredTokens);
        }

        public Config withTokenField(TokenField field) {
            return new Config(host, service, issuer, users, anonymous, tokenLifetime, field, expiresIn, refreshTokens,
                    acceptPost, expiredTokens);
        }

        public Config withExpiresIn(boolean include) {
            return new Config(host, service, issuer, users, anonymous, tokenLifetime, tokenField, include,
                    refreshTokens, acceptPost, expiredTokens);
        }

        public Config withRefreshTokens(boolean issue) {
            return new Config(host, service, issuer, users, anonymous, tokenLifetime, tokenField, expiresIn, issue,
                    acceptPost, expiredTokens);
        }

        /**
         * The next {@code n} tokens the endpoint hands out are already expired (beyond distribution's 60-second
         * leeway) while {@code expires_in} still promises the full lifetime: the registry answers 401 and a
         * client must fetch a new token. Counted from {@link TokenIssuer#start} or {@link TokenIssuer#reconfigure}.
         */
        public Config withExpiredTokens(int n) {
            return new Config(host, service, issuer, users, anonymous, tokenLifetime, tokenField, expiresIn,
                    refreshTokens, acceptPost, n);
        }

        public Config withPost(boolean accept) {
            return new Config(host, service, issuer, users, anonymous, tokenLifetime, tokenField, expiresIn,
                    refreshTokens, accept, expiredTokens);
        }
    }

    /** A user of the issuer: a password and what the user may do. */
    public record User(String name, String password, List<Grant> grants) {
        public User {
            Objects.requireNonNull(password, "password");
            grants = List.copyOf(grants);
            Credentials.of(name, password); // validates the name
        }

        public Credentials credentials() {
            return Credentials.of(name, password);
        }

        @Override
        public String toString() {
            return "User[" + name + ", ****, " + grants + "]";
        }
    }

    /**
     * Permission to do {@code actions} on resources of {@code type} whose name matches {@code namePattern}, a
     * glob where {@code *} matches any run of characters including {@code /}. The action {@code *} allows every
     * action.
     */
    public record Grant(String type, String namePattern, Set<String> actions) {
        public Grant {
            requireText(type, "type");
            requireText(namePattern, "namePattern");
            actions = Set.copyOf(actions);
        }

        /** Actions on repositories matching a glob, e.g. {@code repository("team/*", "pull", "push")}. */
        public static Grant repository(String namePattern, String... actions) {
            return new Grant("repository", namePattern, Set.of(actions));
        }

        /** {@code registry:catalog:*}, the right to list the catalog. */
        public static Grant catalog() {
            return new Grant("registry", "catalog", Set.of("*"));
        }

        /** Every action on every repository, and the catalog. */
        public static Grant all() {
            return new Grant("*", "*", Set.of("*"));
        }

        boolean allows(String resourceType, String name, String action) {
            String baseType = resourceType.contains("(") ? resourceType.substring(0, resourceType.indexOf('('))
                    : resourceType;
            return (type.equals("*") || type.equals(baseType)) && glob(namePattern).matcher(name).matches()
                    && (actions.contains("*") || actions.contains(action));
        }

        private static Pattern glob(String pattern) {
            StringBuilder re = new StringBuilder();
            for (String part : pattern.split("\\*", -1)) {
                if (!re.isEmpty()) {
                    re.append(".*");
                }
                re.append(Pattern.quote(part));
            }
            return Pattern.compile(re.toString());
        }
    }

    /** One entry of a token's {@code access} claim, or one requested scope. */
    public record Access(String type, String name, List<String> actions) {
        public Access {
            requireText(type, "type");
            Objects.requireNonNull(name, "name");
            actions = List.copyOf(actions);
        }

        public static Access repository(String name, String... actions) {
            return new Access("repository", name, List.of(actions));
        }

        /**
         * Parses a scope {@code type:name:actions}; the name may itself contain colons (a host with a port), so
         * the type ends at the first colon and the actions start after the last.
         */
        public static Access parseScope(String scope) {
            int first = scope.indexOf(':');
            int last = scope.lastIndexOf(':');
            if (first <= 0 || last == first) {
                throw new IllegalArgumentException("scope '" + scope + "' is not of the form type:name:actions");
            }
            String actions = scope.substring(last + 1);
            List<String> list = new ArrayList<>();
            for (String a : actions.split(",")) {
                if (!a.isBlank() && !list.contains(a.trim())) {
                    list.add(a.trim());
                }
            }
            return new Access(scope.substring(0, first), scope.substring(first + 1, last), list);
        }

        /** The scope string, {@code type:name:a,b}. */
        public String scope() {
            return type + ":" + name + ":" + String.join(",", actions);
        }
    }

    /**
     * One request the issuer received.
     *
     * @param user         the user name the request presented (Basic or form), whether or not it was accepted
     * @param basic        whether an {@code Authorization: Basic} header was present
     * @param offlineToken whether {@code offline_token=true} was asked for
     * @param status       the HTTP status answered
     */
    public record Request(Instant time, String method, String path, String query, List<String> scopes,
                          Optional<String> service, boolean basic, Optional<String> user,
                          Optional<String> grantType, boolean offlineToken, int status) {
        public Request {
            scopes = List.copyOf(scopes);
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }
}
