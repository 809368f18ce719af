package io.whittle.testkit.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.whittle.oci.Json;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.TokenIssuer.Access;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Azure Container Registry and the Entra ID (AAD) token endpoint: two hosts.
 * <ul>
 * <li>{@code registry} (NAME.azurecr.io): {@code GET /oauth2/token?service&scope} with Basic admin user, service
 * principal (app id + secret), scope-map token, or {@code 00000000-0000-0000-0000-000000000000} + refresh token →
 * {@code {"access_token"}}; {@code POST /oauth2/token} ({@code grant_type=refresh_token} or {@code password});
 * {@code POST /oauth2/exchange} ({@code grant_type=access_token}, service, tenant, AAD access_token) →
 * {@code {"refresh_token"}}. On {@code /v2/}: the catalog needs {@code registry:catalog:*} (scope-map tokens never
 * get it); {@code tags/list} needs {@code metadata_read}; DELETE by tag or digest answers 202.</li>
 * <li>{@code aad} (login.microsoftonline.com), over https with {@link #authorityTls()}'s certificate:
 * {@code POST /TENANT/oauth2/v2.0/token} with the client-credentials
 * grant → an RS256 access token the exchange verifies (signature, tenant, audience, expiry).</li>
 * </ul>
 * Roles map to repository actions as ACR's do: AcrPull → pull + metadata_read; AcrPush adds push +
 * metadata_write; AcrDelete → delete + metadata_read; Owner (and the admin user) → everything, catalog included.
 */
public final class AzureEmulator extends ProviderEmulator {
    /** The user name that carries a refresh token in Basic auth. */
    public static final String NULL_GUID = "00000000-0000-0000-0000-000000000000";

    /** Built-in roles of a service principal on the registry. */
    public enum Role {
        ACR_PULL(Set.of("pull", "metadata_read")),
        ACR_PUSH(Set.of("pull", "push", "metadata_read", "metadata_write")),
        ACR_DELETE(Set.of("delete", "metadata_read")),
        OWNER(Set.of("*"));

        private final Set<String> actions;

        Role(Set<String> actions) {
            this.actions = actions;
        }
    }

    /** A service principal: log in with {@code appId} and {@code secret} (Basic or through AAD). */
    public record ServicePrincipal(String tenant, String appId, String secret) {
        public Credentials credentials() {
            return Credentials.of(appId, secret);
        }

        @Override
        public String toString() {
            return "ServicePrincipal[" + tenant + ", " + appId + ", ****]";
        }
    }

    /** Who is calling, and what they may do: per repository glob, registry actions; and the catalog. */
    private record Principal(String name, Map<String, Set<String>> repositories, boolean catalog) {
    }

    private record Secret(String password, Principal principal) {
    }

    private record Refresh(Principal principal, Instant expires) {
    }

    private final String name;
    private final HttpEndpoint registry;
    private final HttpEndpoint aad;
    private final RegistryFront front;
    private final KeyPair aadKeys;
    private final SelfSignedTls aadTls = SelfSignedTls.create();
    private final Map<String, Secret> logins = new ConcurrentHashMap<>();
    private final Map<String, ServicePrincipal> principalsByApp = new ConcurrentHashMap<>();
    private final Map<String, Refresh> refreshTokens = new ConcurrentHashMap<>();
    private volatile Duration accessTokenLifetime = Duration.ofMinutes(75);
    private volatile Duration refreshTokenLifetime = Duration.ofHours(3);

    private AzureEmulator(RegistryBackend backend, String name) {
        super(backend);
        this.name = name;
        this.registry = endpoint("registry");
        this.aad = endpoint(HttpEndpoint.startTls("aad", aadTls.serverContext()));
        this.front = new RegistryFront(backend, new Front());
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            this.aadKeys = g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A registry {@code name}.azurecr.io; its service name is that host. */
    public static AzureEmulator start(String name) {
        String service = name + ".azurecr.io";
        return started(new AzureEmulator(RegistryBackend.start(service, "Azure Container Registry"), name),
                AzureEmulator::routes);
    }

    private void routes() {
        front.mount(registry);
        registry.on("GET", "/oauth2/token", this::tokenGet);
        registry.on("POST", "/oauth2/token", this::tokenPost);
        registry.on("POST", "/oauth2/exchange", this::exchange);
        aad.on("POST", "/([^/]+)/oauth2/v2\\.0/token", this::aadToken);
    }

    @Override
    public HttpEndpoint registryEndpoint() {
        return registry;
    }

    /** The service name, {@code NAME.azurecr.io}. */
    public String service() {
        return backend.service();
    }

    public String realm() {
        return registry.url() + "/oauth2/token";
    }

    /** The Entra ID authority host, {@code https://127.0.0.1:port} (MSAL insists on https). */
    public String authorityUrl() {
        return aad.url();
    }

    /** The authority's self-signed certificate, for clients to trust. */
    public SelfSignedTls authorityTls() {
        return aadTls;
    }

    // ---- seeding -------------------------------------------------------------------------------------------

    /** Enables the admin user (the registry's name) and returns its login. */
    public Credentials adminUser() {
        String password = Secrets.random("", 52);
        logins.put(name, new Secret(password, new Principal(name, Map.of("*", Set.of("*")), true)));
        return Credentials.of(name, password);
    }

    /** Creates a service principal in {@code tenant} with these roles on the whole registry. */
    public ServicePrincipal servicePrincipal(String tenant, Role... roles) {
        String appId = UUID.randomUUID().toString();
        String secret = Secrets.random("", 40);
        Set<String> actions = new HashSet<>();
        for (Role r : roles) {
            actions.addAll(r.actions);
        }
        boolean catalog = roles.length > 0;
        logins.put(appId, new Secret(secret, new Principal(appId, Map.of("*", Set.copyOf(actions)), catalog)));
        ServicePrincipal sp = new ServicePrincipal(tenant, appId, secret);
        principalsByApp.put(appId, sp);
        return sp;
    }

    /**
     * Creates a token with a scope map: repository globs to ACR actions such as {@code content/read},
     * {@code content/write}, {@code content/delete}, {@code metadata/read}, {@code metadata/write}.
     */
    public Credentials scopeMapToken(String tokenName, Map<String, Set<String>> scopeMap) {
        Map<String, Set<String>> repos = new java.util.HashMap<>();
        scopeMap.forEach((glob, acrActions) -> {
            Set<String> a = new HashSet<>();
            for (String x : acrActions) {
                switch (x) {
                    case "content/read" -> a.add("pull");
                    case "content/write" -> a.add("push");
                    case "content/delete" -> a.add("delete");
                    case "metadata/read" -> a.add("metadata_read");
                    case "metadata/write" -> a.add("metadata_write");
                    default -> throw new IllegalArgumentException("'" + x + "' is not an ACR scope-map action");
                }
            }
            repos.put(glob, a);
        });
        String password = Secrets.random("", 44);
        logins.put(tokenName, new Secret(password, new Principal(tokenName, Map.copyOf(repos), false)));
        return Credentials.of(tokenName, password);
    }

    /** Lifetime of registry access tokens; default 75 minutes. */
    public AzureEmulator accessTokenLifetime(Duration lifetime) {
        this.accessTokenLifetime = lifetime;
        return this;
    }

    private Set<String> actions(Optional<Principal> p, String type, String repo) {
        Set<String> out = new HashSet<>();
        if (p.isEmpty()) {
            return out;
        }
        if (type.equals("registry")) {
            return p.get().catalog() ? Set.of("*") : out;
        }
        p.get().repositories().forEach((glob, acts) -> {
            if (Scopes.glob(glob).matcher(repo).matches()) {
                out.addAll(acts);
            }
        });
        return out;
    }

    // ---- registry tokens -----------------------------------------------------------------------------------

    private Optional<Principal> login(Credentials c) {
        if (c.username().equals(NULL_GUID)) {
            return refresh(c.password());
        }
        Secret s = logins.get(c.username());
        return s != null && s.password().equals(c.password()) ? Optional.of(s.principal()) : Optional.empty();
    }

    private Optional<Principal> refresh(String token) {
        Refresh r = refreshTokens.get(token);
        return r == null || r.expires().isBefore(Instant.now()) ? Optional.empty() : Optional.of(r.principal());
    }

    private Reply accessToken(Optional<Principal> who, Call call, List<Access> requested) {
        if (!call.param("service").or(() -> call.formField("service")).map(service()::equals).orElse(false)) {
            return acrError(400, "service must be " + service());
        }
        List<Access> access = Scopes.allowed((type, n) -> actions(who, type, n), requested);
        String token = backend.mint(who.map(Principal::name).orElse(""), access, accessTokenLifetime);
        return Reply.json(200, Secrets.tokenBody(token, accessTokenLifetime, Secrets.TokenShape.ACCESS_TOKEN_ONLY));
    }

    private Reply tokenGet(Call call) {
        Optional<Principal> who = Optional.empty();
        if (call.header("Authorization").isPresent()) {
            who = call.basic().flatMap(this::login);
            if (who.isEmpty()) {
                return acrError(401, "authentication required, visit https://aka.ms/acr/authorization for more"
                        + " information.");
            }
        }
        return accessToken(who, call, Scopes.requested(call));
    }

    private Reply tokenPost(Call call) {
        String grant = call.formField("grant_type").orElse("");
        Optional<Principal> who = switch (grant) {
            case "refresh_token" -> call.formField("refresh_token").flatMap(this::refresh);
            case "password" -> call.formField("username").flatMap(u -> call.formField("password")
                    .flatMap(p -> login(Credentials.of(u, p))));
            default -> Optional.empty();
        };
        if (!grant.equals("refresh_token") && !grant.equals("password")) {
            return acrError(400, "grant_type must be refresh_token or password");
        }
        if (who.isEmpty()) {
            return acrError(401, "the " + grant.replace('_', ' ') + " is not valid: sign in again");
        }
        List<Access> requested = new java.util.ArrayList<>();
        for (String s : call.form().getOrDefault("scope", List.of())) {
            for (String one : s.trim().split(" +")) {
                if (!one.isEmpty()) {
                    requested.add(Access.parseScope(one));
                }
            }
        }
        return accessToken(who, call, requested);
    }

    private Reply exchange(Call call) {
        if (!call.formField("grant_type").orElse("").equals("access_token")) {
            return acrError(400, "grant_type must be access_token");
        }
        if (!call.formField("service").map(service()::equals).orElse(false)) {
            return acrError(400, "service must be " + service());
        }
        String tenant = call.formField("tenant").orElse("");
        Optional<ServicePrincipal> sp = call.formField("access_token").flatMap(t -> verifyAad(t, tenant));
        if (sp.isEmpty()) {
            return acrError(401, "the AAD access token is not valid for tenant '" + tenant + "': get a new one");
        }
        String refresh = Secrets.random("rt.", 64);
        refreshTokens.put(refresh, new Refresh(logins.get(sp.get().appId()).principal(),
                Instant.now().plus(refreshTokenLifetime)));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("refresh_token", refresh);
        return Reply.json(200, out);
    }

    private Optional<ServicePrincipal> verifyAad(String token, String tenant) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!jwt.verify(new RSASSAVerifier((RSAPublicKey) aadKeys.getPublic()))) {
                return Optional.empty();
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            boolean audience = c.getAudience() != null && c.getAudience().stream().anyMatch(a ->
                    a.equals("https://management.azure.com") || a.equals("https://management.azure.com/")
                            || a.equals("https://containerregistry.azure.net"));
            if (!audience || !tenant.equals(c.getStringClaim("tid")) || c.getExpirationTime() == null
                    || c.getExpirationTime().toInstant().isBefore(Instant.now())) {
                return Optional.empty();
            }
            return Optional.ofNullable(principalsByApp.get(c.getStringClaim("appid")))
                    .filter(sp -> sp.tenant().equals(tenant));
        } catch (ParseException | JOSEException e) {
            return Optional.empty();
        }
    }

    private final class Front implements RegistryFront.Policy {
        @Override
        public java.util.Optional<Reply> intercept(Call call, RegistryCall request) {
            if (request.kind().equals("tags") && request.method().equals("GET")) {
                RegistryFront.Result<RegistryBackend.VerifiedToken> t = front.require(call, request,
                        List.of(Access.repository(request.repo(), "metadata_read")));
                return Optional.of(t.failed() ? t.reply() : tagList(call, request.repo()));
            }
            if (request.byTag() && request.method().equals("DELETE")) {
                RegistryFront.Result<RegistryBackend.VerifiedToken> t = front.require(call, request, request.needed());
                if (t.failed()) {
                    return Optional.of(t.reply());
                }
                return Optional.of(backend.untag(request.repo(), request.reference().orElseThrow()) ? Reply.empty(202)
                        : RegistryFront.distributionError(404, "MANIFEST_UNKNOWN", "manifest tagged by \""
                        + request.reference().get() + "\" is not found"));
            }
            return Optional.empty();
        }

        @Override
        public String challenge(RegistryCall request, String registryChallenge) {
            return RegistryFront.withRealm(registryChallenge, realm());
        }
    }

    private Reply tagList(Call call, String repo) {
        List<String> tags = backend.tags(repo);
        int n = Math.max(1, call.intParam("n", 100));
        String last = call.param("last").orElse("");
        List<String> after = tags.stream().filter(t -> t.compareTo(last) > 0).toList();
        List<String> page = after.subList(0, Math.min(n, after.size()));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("name", repo);
        ArrayNode list = out.putArray("tags");
        page.forEach(list::add);
        Reply r = Reply.json(200, out);
        if (page.size() < after.size()) {
            r = r.with("Link", Pages.link("/v2/" + repo + "/tags/list?last=" + page.getLast() + "&n=" + n, "next"));
        }
        return r;
    }

    // ---- Entra ID ------------------------------------------------------------------------------------------

    private Reply aadToken(Call call) {
        String tenant = call.group(1);
        if (!call.formField("grant_type").orElse("").equals("client_credentials")) {
            return aadError(400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.");
        }
        String clientId = call.formField("client_id").orElse("");
        ServicePrincipal sp = principalsByApp.get(clientId);
        if (sp == null || !sp.tenant().equals(tenant)) {
            return aadError(400, "unauthorized_client", "AADSTS700016: Application with identifier '" + clientId
                    + "' was not found in the directory '" + tenant + "'.");
        }
        if (!call.formField("client_secret").orElse("").equals(sp.secret())) {
            return aadError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
        }
        String scope = call.formField("scope").orElse("");
        // MSAL adds the OpenID scopes (openid profile offline_access) to every request; the resource is the .default one.
        String audience = java.util.Arrays.stream(scope.split(" ")).filter(x -> x.endsWith("/.default")).findFirst()
                .orElse(scope).replace("/.default", "");
        if (!audience.equals("https://management.azure.com") && !audience.equals("https://containerregistry.azure.net")) {
            return aadError(400, "invalid_scope", "AADSTS70011: The provided value for scope '" + scope
                    + "' is not valid for a container registry.");
        }
        Instant now = Instant.now();
        Duration life = Duration.ofSeconds(3599);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().audience(audience)
                .issuer(aad.url() + "/" + tenant + "/v2.0").issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(life))).claim("tid", tenant).claim("appid", sp.appId())
                .claim("oid", UUID.nameUUIDFromBytes(sp.appId().getBytes()).toString()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(aadKeys.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("token_type", "Bearer");
        out.put("expires_in", life.toSeconds());
        out.put("ext_expires_in", life.toSeconds());
        out.put("access_token", jwt.serialize());
        return Reply.json(200, out);
    }

    private static Reply aadError(int status, String error, String description) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("error", error);
        n.put("error_description", description);
        n.putArray("error_codes");
        n.put("timestamp", Instant.now().toString());
        n.put("trace_id", UUID.randomUUID().toString());
        return Reply.json(status, n);
    }

    private static Reply acrError(int status, String message) {
        return RegistryFront.distributionError(status, status == 401 ? "UNAUTHORIZED" : "BAD_REQUEST", message);
    }

    @Override
    public String toString() {
        return "AzureEmulator[" + name + ", registry " + registry.url() + ", aad " + aad.url() + "]";
    }
}
