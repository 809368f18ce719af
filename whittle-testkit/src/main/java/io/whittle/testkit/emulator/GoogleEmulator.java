package io.whittle.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.whittle.oci.Digest;
import io.whittle.oci.Json;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.TokenIssuer.Access;
import io.whittle.testkit.TokenIssuer.Grant;
import java.io.IOException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Google Container Registry and Artifact Registry: three hosts.
 * <ul>
 * <li>{@code registry} (gcr.io or LOCATION-docker.pkg.dev): realm {@code /v2/token}, Basic {@code _json_key} + the
 * raw service-account JSON key, or {@code oauth2accesstoken} + an OAuth2 access token. {@code tags/list} carries
 * the {@code manifest} map (digest → size, media type, tags, times). A manifest DELETE by tag removes the tag;
 * by digest while tags still point at it, 400 {@code GOOGLE_MANIFEST_DANGLING_TAG}.</li>
 * <li>{@code oauth} (oauth2.googleapis.com, the key's {@code token_uri}): {@code POST /token} with the JWT-bearer
 * grant; the assertion's RS256 signature is checked with the service account's public key, {@code aud} must be
 * Google's token URL (what google-auth-library signs for) or the token URI, the lifetime at most an hour, and
 * {@code scope} must hold cloud-platform.</li>
 * <li>{@code api} (artifactregistry.googleapis.com): {@code GET /v1/projects/P/locations/L/repositories/R/dockerImages}
 * with {@code pageSize}/{@code pageToken}, Bearer access token.</li>
 * </ul>
 * Registry repositories are {@code PROJECT/IMAGE} on gcr.io and {@code PROJECT/REPOSITORY/IMAGE} on Artifact
 * Registry; what a service account may do is given as grants on those names.
 */
public final class GoogleEmulator extends ProviderEmulator {
    public static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
    /** The audience Google's token endpoint expects in an assertion. */
    public static final String GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";

    /** A seeded service account; {@link #keyJson()} is its downloadable JSON key. */
    public record ServiceAccount(String email, String project, String keyId, String keyJson, List<Grant> grants) {
        public ServiceAccount {
            grants = List.copyOf(grants);
        }

        @Override
        public String toString() {
            return "ServiceAccount[" + email + "]";
        }
    }

    private record Account(ServiceAccount account, RSAPublicKey publicKey) {
    }

    private record AccessToken(String email, Instant expires) {
    }

    private final String service;
    private final HttpEndpoint registry;
    private final HttpEndpoint oauth;
    private final HttpEndpoint api;
    private final RegistryFront front;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
    private volatile Duration registryTokenLifetime = Duration.ofMinutes(60);
    private volatile Duration accessTokenLifetime = Duration.ofSeconds(3599);

    private GoogleEmulator(RegistryBackend backend, String service) {
        super(backend);
        this.service = service;
        this.registry = endpoint("registry");
        this.oauth = endpoint("oauth");
        this.api = endpoint("api");
        this.front = new RegistryFront(backend, new Front());
    }

    /** gcr.io: repositories {@code PROJECT/IMAGE}. */
    public static GoogleEmulator startGcr() {
        return start("gcr.io");
    }

    /** Artifact Registry in a location, e.g. {@code us}: repositories {@code PROJECT/REPOSITORY/IMAGE}. */
    public static GoogleEmulator startArtifactRegistry(String location) {
        return start(location + "-docker.pkg.dev");
    }

    private static GoogleEmulator start(String service) {
        return started(new GoogleEmulator(RegistryBackend.start(service, service), service), GoogleEmulator::routes);
    }

    private void routes() {
        registry.on("GET", "/v2/token", this::registryToken); // before the front, which takes the rest of /v2/
        front.mount(registry);
        oauth.on("POST", "/token", this::oauthToken);
        api.on("GET", "/v1/projects/([^/]+)/locations/([^/]+)/repositories/([^/]+)/dockerImages", this::dockerImages);
    }

    @Override
    public HttpEndpoint registryEndpoint() {
        return registry;
    }

    /** The service name the registry's challenge carries: {@code gcr.io} or {@code LOCATION-docker.pkg.dev}. */
    public String service() {
        return service;
    }

    public String realm() {
        return registry.url() + "/v2/token";
    }

    /** The token URI written into every key. */
    public String tokenUri() {
        return oauth.url() + "/token";
    }

    /** The Artifact Registry API base, {@code http://127.0.0.1:port}. */
    public String apiUrl() {
        return api.url();
    }

    // ---- seeding -------------------------------------------------------------------------------------------

    /** Creates a service account {@code name@project.iam.gserviceaccount.com} with a new RSA key and these grants. */
    public ServiceAccount serviceAccount(String project, String name, Grant... grants) {
        KeyPair keys;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            keys = g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String email = name + "@" + project + ".iam.gserviceaccount.com";
        String keyId = Secrets.hex(20);
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        ObjectNode key = Json.MAPPER.createObjectNode();
        key.put("type", "service_account");
        key.put("project_id", project);
        key.put("private_key_id", keyId);
        key.put("private_key", pem);
        key.put("client_email", email);
        key.put("client_id", Secrets.random("1", 20).replaceAll("[^0-9]", "7"));
        key.put("auth_uri", oauth.url() + "/o/oauth2/auth");
        key.put("token_uri", tokenUri());
        key.put("auth_provider_x509_cert_url", oauth.url() + "/oauth2/v1/certs");
        key.put("client_x509_cert_url", oauth.url() + "/robot/v1/metadata/x509/" + email);
        key.put("universe_domain", "googleapis.com");
        ServiceAccount sa = new ServiceAccount(email, project, keyId, key.toPrettyString(), List.of(grants));
        accounts.put(email, new Account(sa, (RSAPublicKey) keys.getPublic()));
        return sa;
    }

    /** Lifetime of OAuth2 access tokens; default 3599 s as Google answers. */
    public GoogleEmulator accessTokenLifetime(Duration lifetime) {
        this.accessTokenLifetime = lifetime;
        return this;
    }

    /** Lifetime of the registry tokens the realm hands out; default 60 minutes. A negative one hands out expired tokens. */
    public GoogleEmulator registryTokenLifetime(Duration lifetime) {
        this.registryTokenLifetime = lifetime;
        return this;
    }

    // ---- oauth2.googleapis.com -----------------------------------------------------------------------------

    private Reply oauthToken(Call call) {
        if (!call.formField("grant_type").orElse("").equals("urn:ietf:params:oauth:grant-type:jwt-bearer")) {
            return oauthError("unsupported_grant_type", "Invalid grant_type: " + call.formField("grant_type").orElse(""));
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(call.formField("assertion").orElse(""));
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return oauthError("invalid_grant", "Invalid JWT: the assertion is not a signed JWT.");
        }
        Account a = accounts.get(Optional.ofNullable(claims.getIssuer()).orElse(""));
        if (a == null) {
            return oauthError("invalid_grant", "Invalid grant: account not found");
        }
        try {
            if (!jwt.verify(new RSASSAVerifier(a.publicKey()))) {
                return oauthError("invalid_grant", "Invalid JWT Signature.");
            }
        } catch (JOSEException e) {
            return oauthError("invalid_grant", "Invalid JWT Signature.");
        }
        Instant now = Instant.now();
        // google-auth-library signs for Google's own token URL whatever the key's token_uri says; Google takes that.
        List<String> audiences = List.of(tokenUri(), GOOGLE_TOKEN_URI);
        if (claims.getAudience() == null || claims.getAudience().stream().noneMatch(audiences::contains)) {
            return oauthError("invalid_grant", "Invalid JWT: Failed audience check. The right audience is "
                    + GOOGLE_TOKEN_URI);
        }
        if (claims.getIssueTime() == null || claims.getExpirationTime() == null
                || claims.getExpirationTime().toInstant().isBefore(now)
                || claims.getIssueTime().toInstant().isAfter(now.plusSeconds(300))
                || Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant())
                        .compareTo(Duration.ofHours(1)) > 0) {
            return oauthError("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a"
                    + " reasonable timeframe. Check your iat and exp values in the JWT claim.");
        }
        Object scope = claims.getClaim("scope");
        if (scope == null || !List.of(scope.toString().split(" ")).contains(CLOUD_PLATFORM)) {
            return oauthError("invalid_scope", "Invalid OAuth scope or ID token audience provided: the registry"
                    + " needs " + CLOUD_PLATFORM);
        }
        String token = Secrets.random("ya29.", 120);
        accessTokens.put(token, new AccessToken(a.account().email(), now.plus(accessTokenLifetime)));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("access_token", token);
        out.put("expires_in", accessTokenLifetime.toSeconds());
        out.put("token_type", "Bearer");
        return Reply.json(200, out);
    }

    private static Reply oauthError(String error, String description) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("error", error);
        n.put("error_description", description);
        return Reply.json(400, n);
    }

    /** The account behind an unexpired OAuth2 access token. */
    private Optional<Account> byAccessToken(String token) {
        AccessToken t = accessTokens.get(token);
        return t == null || t.expires().isBefore(Instant.now()) ? Optional.empty()
                : Optional.ofNullable(accounts.get(t.email()));
    }

    /** The account whose JSON key this is: same email, same key id, same private key. */
    private Optional<Account> byJsonKey(String json) {
        try {
            JsonNode key = Json.MAPPER.readTree(json);
            Account a = accounts.get(key.path("client_email").asText(""));
            if (a == null || !a.account().keyId().equals(key.path("private_key_id").asText())) {
                return Optional.empty();
            }
            String pem = key.path("private_key").asText("").replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            RSAPrivateCrtKey priv = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            return priv.getModulus().equals(a.publicKey().getModulus()) ? Optional.of(a) : Optional.empty();
        } catch (IOException | NoSuchAlgorithmException | InvalidKeySpecException | IllegalArgumentException
                 | ClassCastException e) {
            return Optional.empty();
        }
    }

    // ---- registry ------------------------------------------------------------------------------------------

    private Reply registryToken(Call call) {
        Optional<Account> who = Optional.empty();
        if (call.header("Authorization").isPresent()) {
            Optional<Credentials> c = call.basic();
            if (c.isPresent() && c.get().username().equals("_json_key")) {
                who = byJsonKey(c.get().password());
            } else if (c.isPresent() && c.get().username().equals("oauth2accesstoken")) {
                who = byAccessToken(c.get().password());
            }
            if (who.isEmpty()) {
                return RegistryFront.distributionError(401, "UNAUTHORIZED", "Not Authorized.");
            }
        }
        List<Grant> grants = new ArrayList<>(who.map(a -> a.account().grants()).orElse(List.of()));
        if (who.isPresent()) {
            grants.add(Grant.catalog());
        }
        List<Access> access = Scopes.allowed(grants, Scopes.requested(call));
        String token = backend.mint(who.map(a -> a.account().email()).orElse(""), access, registryTokenLifetime);
        return Reply.json(200, Secrets.tokenBody(token, registryTokenLifetime, Secrets.TokenShape.TOKEN_EXPIRY));
    }

    private final class Front implements RegistryFront.Policy {
        @Override
        public Optional<Reply> intercept(Call call, RegistryCall request) throws IOException {
            if (request.kind().equals("tags") && request.method().equals("GET")) {
                RegistryFront.Result<RegistryBackend.VerifiedToken> t = front.require(call, request, request.needed());
                return Optional.of(t.failed() ? t.reply() : tagList(request.repo()));
            }
            if (request.kind().equals("manifests") && request.method().equals("DELETE")) {
                RegistryFront.Result<RegistryBackend.VerifiedToken> t = front.require(call, request, request.needed());
                if (t.failed()) {
                    return Optional.of(t.reply());
                }
                return Optional.of(deleteManifest(request.repo(), request.reference().orElse("")));
            }
            return Optional.empty();
        }

        @Override
        public String challenge(RegistryCall request, String registryChallenge) {
            return RegistryFront.withRealm(registryChallenge, realm());
        }
    }

    private Reply tagList(String repo) {
        List<String> tags = backend.tags(repo);
        if (tags.isEmpty() && backend.manifestDigests(repo).isEmpty()) {
            return RegistryFront.distributionError(404, "NAME_UNKNOWN", "Repository \"" + repo + "\" not found");
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.putArray("child");
        ObjectNode manifests = out.putObject("manifest");
        for (Digest d : backend.manifestDigests(repo)) {
            Optional<RegistryBackend.ImageSummary> s = backend.describe(repo, d);
            ObjectNode m = manifests.putObject(d.toString());
            m.put("imageSizeBytes", String.valueOf(s.map(RegistryBackend.ImageSummary::totalSize).orElse(0L)));
            m.put("layerId", "");
            m.put("mediaType", s.map(RegistryBackend.ImageSummary::mediaType).orElse(""));
            ArrayNode t = m.putArray("tag");
            backend.tagsOf(repo, d).forEach(t::add);
            String ms = String.valueOf(backend.manifestTime(repo, d).orElse(Instant.EPOCH).toEpochMilli());
            m.put("timeCreatedMs", ms);
            m.put("timeUploadedMs", ms);
        }
        out.put("name", repo);
        ArrayNode t = out.putArray("tags");
        tags.forEach(t::add);
        return Reply.json(200, out);
    }

    private Reply deleteManifest(String repo, String reference) {
        if (!Digest.isDigest(reference)) {
            return backend.untag(repo, reference) ? Reply.empty(202)
                    : RegistryFront.distributionError(404, "MANIFEST_UNKNOWN", "Tag " + reference + " not found");
        }
        Digest d = Digest.parse(reference);
        List<String> tags = backend.tagsOf(repo, d);
        if (!tags.isEmpty()) {
            return RegistryFront.distributionError(400, "GOOGLE_MANIFEST_DANGLING_TAG",
                    "Manifest is still referenced by tag: " + String.join(",", tags));
        }
        return backend.deleteManifest(repo, d) ? Reply.empty(202)
                : RegistryFront.distributionError(404, "MANIFEST_UNKNOWN", "Manifest " + d + " not found");
    }

    // ---- Artifact Registry API -----------------------------------------------------------------------------

    private Reply dockerImages(Call call) {
        Optional<Account> who = call.bearer().flatMap(this::byAccessToken);
        if (who.isEmpty()) {
            return googleError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth"
                    + " 2 access token, login cookie or other valid authentication credential.");
        }
        String project = call.group(1);
        String location = call.group(2);
        String repository = call.group(3);
        String prefix = project + "/" + repository + "/";
        if (!Scopes.allows(who.get().account().grants(), "repository", prefix + "x", "pull")) {
            return googleError(403, "PERMISSION_DENIED", "Permission 'artifactregistry.repositories.downloadArtifacts'"
                    + " denied on resource 'projects/" + project + "/locations/" + location + "/repositories/"
                    + repository + "' (or it may not exist).");
        }
        record Image(String repo, Digest digest) {
        }
        List<Image> images = new ArrayList<>();
        for (String r : backend.repositories()) {
            if (r.startsWith(prefix)) {
                backend.manifestDigests(r).forEach(d -> images.add(new Image(r, d)));
            }
        }
        int size = call.intParam("pageSize", 100);
        if (size < 1 || size > 1000) {
            return googleError(400, "INVALID_ARGUMENT", "pageSize must be between 1 and 1000");
        }
        String listing = "dockerImages/" + prefix;
        Pages.Page<Image> page = Pages.slice(images, Pages.offset(listing, call.param("pageToken")), size);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("dockerImages");
        String parent = "projects/" + project + "/locations/" + location + "/repositories/" + repository;
        for (Image i : page.items()) {
            String image = i.repo().substring(prefix.length());
            Optional<RegistryBackend.ImageSummary> s = backend.describe(i.repo(), i.digest());
            String time = backend.manifestTime(i.repo(), i.digest()).orElse(Instant.EPOCH).toString();
            ObjectNode n = list.addObject();
            n.put("name", parent + "/dockerImages/" + image.replace("/", "%2F") + "@" + i.digest());
            n.put("uri", registry.hostPort() + "/" + i.repo() + "@" + i.digest());
            ArrayNode tags = n.putArray("tags");
            backend.tagsOf(i.repo(), i.digest()).forEach(tags::add);
            n.put("imageSizeBytes", String.valueOf(s.map(RegistryBackend.ImageSummary::totalSize).orElse(0L)));
            n.put("uploadTime", time);
            n.put("mediaType", s.map(RegistryBackend.ImageSummary::mediaType).orElse(""));
            s.flatMap(RegistryBackend.ImageSummary::created).ifPresent(c -> n.put("buildTime", c));
            n.put("updateTime", time);
        }
        page.next().ifPresent(next -> out.put("nextPageToken", Pages.token(listing, next)));
        return Reply.json(200, out);
    }

    private static Reply googleError(int code, String status, String message) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        ObjectNode e = n.putObject("error");
        e.put("code", code);
        e.put("message", message);
        e.put("status", status);
        return Reply.json(code, n);
    }

    @Override
    public String toString() {
        return "GoogleEmulator[" + service + ", registry " + registry.url() + ", oauth " + oauth.url() + ", api "
                + api.url() + "]";
    }
}
