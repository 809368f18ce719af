package io.whittle.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.Digest;
import io.whittle.oci.Json;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.TokenIssuer.Access;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * AWS ECR and STS: three hosts.
 * <ul>
 * <li>{@code api} (api.ecr.REGION.amazonaws.com): the AWS JSON 1.1 protocol, {@code POST /} with
 * {@code X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Operation>} for GetAuthorizationToken,
 * DescribeRepositories, ListImages, DescribeImages, BatchDeleteImage and CreateRepository; every request's SigV4
 * signature is recomputed with the seeded secret key; IAM-like policies decide each action.</li>
 * <li>{@code sts} (sts.amazonaws.com): the query protocol, {@code Action=AssumeRole} (RoleArn, RoleSessionName,
 * ExternalId, DurationSeconds 900–MaxSessionDuration) and {@code GetCallerIdentity}, answering XML; temporary
 * keys ({@code ASIA…} + session token) then sign ECR calls.</li>
 * <li>{@code registry} (ACCOUNT.dkr.ecr.REGION.amazonaws.com): Basic {@code AWS:<password>} from
 * GetAuthorizationToken, translated into a registry token carrying what the identity's policy allows; a denied
 * action is a 403 naming the ECR action; an expired password a 403 "authorization token has expired"; pushing to
 * a repository that was never created a 404 NAME_UNKNOWN.</li>
 * </ul>
 */
public final class EcrEmulator extends ProviderEmulator {
    static final String TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921.";
    private static final Pattern REPO_NAME = Pattern.compile(
            "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

    /** ECR actions a pull needs, a push adds, and the read-only listing calls. */
    public static final Set<String> PULL = Set.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
            "ecr:BatchCheckLayerAvailability");
    public static final Set<String> PUSH = Set.of("ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
            "ecr:CompleteLayerUpload", "ecr:PutImage");
    public static final Set<String> LIST = Set.of("ecr:DescribeRepositories", "ecr:ListImages",
            "ecr:DescribeImages");

    /**
     * What an IAM identity may do in ECR: a set of actions ({@code ecr:*} for all) on repositories matching a
     * glob. {@code ecr:GetAuthorizationToken} is account-wide.
     */
    public record Policy(Set<String> actions, String repositories) {
        public Policy {
            actions = Set.copyOf(actions);
            Objects.requireNonNull(repositories, "repositories");
        }

        /** Like AmazonEC2ContainerRegistryReadOnly: pull and list. */
        public static Policy readOnly() {
            Set<String> a = new HashSet<>(PULL);
            a.addAll(LIST);
            a.add("ecr:GetAuthorizationToken");
            return new Policy(a, "*");
        }

        /** Like AmazonEC2ContainerRegistryPowerUser: pull, push and list, but no create or delete. */
        public static Policy powerUser() {
            Set<String> a = new HashSet<>(readOnly().actions);
            a.addAll(PUSH);
            return new Policy(a, "*");
        }

        /** Every ECR action. */
        public static Policy fullAccess() {
            return new Policy(Set.of("ecr:*"), "*");
        }

        /** The same policy with more actions. */
        public Policy plus(String... more) {
            Set<String> a = new HashSet<>(actions);
            a.addAll(List.of(more));
            return new Policy(a, repositories);
        }

        /** The same actions, on repositories matching this glob only. */
        public Policy onRepositories(String glob) {
            return new Policy(actions, glob);
        }

        public boolean allows(String action, Optional<String> repository) {
            boolean actionOk = actions.contains("ecr:*") || actions.contains(action);
            return actionOk && (repository.isEmpty() || action.equals("ecr:GetAuthorizationToken")
                    || Scopes.glob(repositories).matcher(repository.get()).matches());
        }
    }

    /** Access keys as the AWS SDK takes them; {@code toString} hides the secret. */
    public record AwsKeys(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
        @Override
        public String toString() {
            return "AwsKeys[" + accessKeyId + ", ****]";
        }
    }

    private record Identity(String arn, Policy policy, Optional<Instant> expires) {
    }

    private record Key(String secret, Optional<String> sessionToken, Identity identity) {
    }

    private record Role(String arn, String name, Optional<String> externalId, Policy policy, Set<String> trusted,
                        Duration maxSession) {
    }

    private record RegistryPassword(Identity identity, Instant expires) {
    }

    private final String account;
    private final String region;
    private final HttpEndpoint api;
    private final HttpEndpoint sts;
    private final HttpEndpoint registry;
    private final RegistryFront front;
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    private final Map<String, Role> roles = new ConcurrentHashMap<>();
    private final Map<String, RegistryPassword> passwords = new ConcurrentHashMap<>();
    private final Map<String, Instant> repositories = new ConcurrentHashMap<>();
    private volatile Duration authorizationTokenLifetime = Duration.ofHours(12);

    private EcrEmulator(RegistryBackend backend, String account, String region) {
        super(backend);
        this.account = account;
        this.region = region;
        this.api = endpoint("api");
        this.sts = endpoint("sts");
        this.registry = endpoint("registry");
        this.front = new RegistryFront(backend, new Front());
    }

    /** Starts an emulated account {@code 123456789012} in {@code us-east-1}. */
    public static EcrEmulator start() {
        return start("123456789012", "us-east-1");
    }

    public static EcrEmulator start(String account, String region) {
        if (!account.matches("\\d{12}")) {
            throw new IllegalArgumentException("an AWS account id is 12 digits, got '" + account + "'");
        }
        return started(new EcrEmulator(RegistryBackend.start("ecr.amazonaws.com", "ecr.amazonaws.com"), account,
                region), EcrEmulator::routes);
    }

    private void routes() {
        api.on("POST", "/", this::ecrCall);
        sts.on("POST", "/", this::stsCall);
        front.mount(registry);
    }

    // ---- addresses -----------------------------------------------------------------------------------------

    @Override
    public HttpEndpoint registryEndpoint() {
        return registry;
    }

    /** The ECR API endpoint, for the SDK's {@code endpointOverride}. */
    public String apiUrl() {
        return api.url();
    }

    /** The STS endpoint, for the SDK's {@code endpointOverride}. */
    public String stsUrl() {
        return sts.url();
    }

    public String account() {
        return account;
    }

    public String region() {
        return region;
    }

    // ---- seeding -------------------------------------------------------------------------------------------

    /** Creates an IAM user with long-lived keys ({@code AKIA…}) and an ECR policy. */
    public AwsKeys user(String name, Policy policy) {
        String id = Secrets.random("AKIA", 16).toUpperCase(java.util.Locale.ROOT);
        String secret = Secrets.random("", 40);
        keys.put(id, new Key(secret, Optional.empty(),
                new Identity("arn:aws:iam::" + account + ":user/" + name, policy, Optional.empty())));
        return new AwsKeys(id, secret, Optional.empty());
    }

    /**
     * Creates a role that the named users may assume, with an ExternalId they must present (empty for none),
     * sessions of at most one hour. Returns the role's ARN.
     */
    public String role(String name, Optional<String> externalId, Policy policy, String... trustedUsers) {
        String arn = "arn:aws:iam::" + account + ":role/" + name;
        Set<String> trusted = new HashSet<>();
        for (String u : trustedUsers) {
            trusted.add("arn:aws:iam::" + account + ":user/" + u);
        }
        roles.put(arn, new Role(arn, name, externalId, policy, trusted, Duration.ofHours(1)));
        return arn;
    }

    /** Creates a repository, as CreateRepository would. */
    public EcrEmulator repository(String name) {
        repositories.putIfAbsent(name, Instant.now());
        return this;
    }

    /** How long registry passwords from GetAuthorizationToken last; default 12 hours. */
    public EcrEmulator authorizationTokenLifetime(Duration lifetime) {
        this.authorizationTokenLifetime = lifetime;
        return this;
    }

    /** The repositories that exist, sorted. */
    public List<String> repositories() {
        return repositories.keySet().stream().sorted().toList();
    }

    private String repositoryArn(String name) {
        return "arn:aws:ecr:" + region + ":" + account + ":repository/" + name;
    }

    private Optional<SigV4.Secret> secretOf(String keyId) {
        Key k = keys.get(keyId);
        return k == null ? Optional.empty() : Optional.of(new SigV4.Secret(k.secret(), k.sessionToken()));
    }

    // ---- ECR API -------------------------------------------------------------------------------------------

    private Reply ecrCall(Call call) {
        call.body();
        SigV4.Verdict v = SigV4.verify(call, region, "ecr", this::secretOf);
        if (!v.ok()) {
            return awsJsonError(v.problem().get() == SigV4.Problem.MISSING ? 403 : 400, v.problem().get().code(),
                    v.problem().get().message());
        }
        Identity who = keys.get(v.accessKeyId().get()).identity();
        if (who.expires().filter(e -> e.isBefore(Instant.now())).isPresent()) {
            return awsJsonError(400, "ExpiredTokenException", "The security token included in the request is expired");
        }
        String target = call.header("X-Amz-Target").orElse("");
        if (!target.startsWith(TARGET_PREFIX)) {
            return awsJsonError(400, "UnknownOperationException", "X-Amz-Target '" + target + "' is not an ECR operation");
        }
        String op = target.substring(TARGET_PREFIX.length());
        JsonNode in = call.json();
        Optional<String> repo = Optional.ofNullable(in.get("repositoryName")).map(JsonNode::asText);
        if (!who.policy().allows("ecr:" + op, repo)) {
            return awsJsonError(400, "AccessDeniedException", "User: " + who.arn() + " is not authorized to perform: ecr:"
                    + op + " on resource: " + repo.map(this::repositoryArn).orElse("*")
                    + " because no identity-based policy allows the ecr:" + op + " action");
        }
        return switch (op) {
            case "GetAuthorizationToken" -> getAuthorizationToken(who);
            case "CreateRepository" -> createRepository(in);
            case "DescribeRepositories" -> describeRepositories(in);
            case "ListImages" -> listImages(in);
            case "DescribeImages" -> describeImages(in);
            case "BatchDeleteImage" -> batchDeleteImage(in);
            default -> awsJsonError(400, "UnknownOperationException", "operation " + op + " is not emulated");
        };
    }

    private Reply getAuthorizationToken(Identity who) {
        String password = Secrets.random("ecr.", 64);
        Instant expires = Instant.now().plus(authorizationTokenLifetime).truncatedTo(ChronoUnit.SECONDS);
        passwords.put(password, new RegistryPassword(who, expires));
        ObjectNode out = Json.MAPPER.createObjectNode();
        ObjectNode d = out.putArray("authorizationData").addObject();
        d.put("authorizationToken", Base64.getEncoder().encodeToString(("AWS:" + password)
                .getBytes(StandardCharsets.UTF_8)));
        d.put("expiresAt", expires.getEpochSecond());
        d.put("proxyEndpoint", registry.url());
        return awsJson(out);
    }

    private Reply createRepository(JsonNode in) {
        String name = in.path("repositoryName").asText("");
        if (!REPO_NAME.matcher(name).matches() || name.length() < 2 || name.length() > 256) {
            return awsJsonError(400, "InvalidParameterException", "Invalid parameter at 'repositoryName' failed to"
                    + " satisfy constraint: 'must satisfy regular expression '" + REPO_NAME.pattern() + "''");
        }
        if (repositories.putIfAbsent(name, Instant.now()) != null) {
            return awsJsonError(400, "RepositoryAlreadyExistsException", "The repository with name '" + name
                    + "' already exists in the registry with id '" + account + "'");
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("repository", repositoryJson(name));
        return awsJson(out);
    }

    private ObjectNode repositoryJson(String name) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("repositoryArn", repositoryArn(name));
        r.put("registryId", account);
        r.put("repositoryName", name);
        r.put("repositoryUri", registry.hostPort() + "/" + name);
        r.put("createdAt", repositories.getOrDefault(name, Instant.EPOCH).getEpochSecond());
        r.put("imageTagMutability", "MUTABLE");
        r.putObject("imageScanningConfiguration").put("scanOnPush", false);
        r.putObject("encryptionConfiguration").put("encryptionType", "AES256");
        return r;
    }

    private Reply describeRepositories(JsonNode in) {
        List<String> names;
        if (in.has("repositoryNames")) {
            if (in.has("maxResults") || in.has("nextToken")) {
                return awsJsonError(400, "InvalidParameterException",
                        "repositoryNames cannot be combined with maxResults or nextToken");
            }
            names = new ArrayList<>();
            for (JsonNode n : in.get("repositoryNames")) {
                if (!repositories.containsKey(n.asText())) {
                    return repositoryNotFound(n.asText());
                }
                names.add(n.asText());
            }
        } else {
            names = repositories();
        }
        Optional<Pages.Page<String>> page = page(in, "DescribeRepositories", names);
        if (page.isEmpty()) {
            return maxResultsError();
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("repositories");
        page.get().items().forEach(n -> list.add(repositoryJson(n)));
        nextToken(out, "DescribeRepositories", page.get());
        return awsJson(out);
    }

    /** One page by {@code maxResults} (1–1000, default 100) and {@code nextToken}; empty when maxResults is invalid. */
    private static <T> Optional<Pages.Page<T>> page(JsonNode in, String listing, List<T> all) {
        int max = in.path("maxResults").asInt(100);
        if (max < 1 || max > 1000) {
            return Optional.empty();
        }
        int offset = Pages.offset(listing, Optional.ofNullable(in.get("nextToken")).map(JsonNode::asText));
        return Optional.of(Pages.slice(all, offset, max));
    }

    private static void nextToken(ObjectNode out, String listing, Pages.Page<?> page) {
        page.next().ifPresent(n -> out.put("nextToken", Pages.token(listing, n)));
    }

    private static Reply maxResultsError() {
        return awsJsonError(400, "InvalidParameterException",
                "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have"
                        + " value between 1 and 1000");
    }

    private Reply listImages(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        if (!repositories.containsKey(repo)) {
            return repositoryNotFound(repo);
        }
        String status = in.path("filter").path("tagStatus").asText("ANY");
        List<ObjectNode> ids = new ArrayList<>();
        for (Digest d : backend.manifestDigests(repo)) {
            List<String> tags = backend.tagsOf(repo, d);
            if (tags.isEmpty() && !status.equals("TAGGED")) {
                ids.add(imageId(d, Optional.empty()));
            }
            if (!status.equals("UNTAGGED")) {
                tags.forEach(t -> ids.add(imageId(d, Optional.of(t))));
            }
        }
        Optional<Pages.Page<ObjectNode>> page = page(in, "ListImages/" + repo, ids);
        if (page.isEmpty()) {
            return maxResultsError();
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.putArray("imageIds").addAll(page.get().items());
        nextToken(out, "ListImages/" + repo, page.get());
        return awsJson(out);
    }

    private static ObjectNode imageId(Digest d, Optional<String> tag) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("imageDigest", d.toString());
        tag.ifPresent(t -> n.put("imageTag", t));
        return n;
    }

    private Reply describeImages(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        if (!repositories.containsKey(repo)) {
            return repositoryNotFound(repo);
        }
        List<Digest> digests = new ArrayList<>();
        if (in.has("imageIds")) {
            for (JsonNode id : in.get("imageIds")) {
                Optional<Digest> d = resolve(repo, id);
                if (d.isEmpty()) {
                    return awsJsonError(400, "ImageNotFoundException", "The image with imageId " + id
                            + " does not exist within the repository with name '" + repo
                            + "' in the registry with id '" + account + "'");
                }
                digests.add(d.get());
            }
        } else {
            String status = in.path("filter").path("tagStatus").asText("ANY");
            for (Digest d : backend.manifestDigests(repo)) {
                boolean tagged = !backend.tagsOf(repo, d).isEmpty();
                if (status.equals("ANY") || status.equals("TAGGED") == tagged) {
                    digests.add(d);
                }
            }
        }
        Optional<Pages.Page<Digest>> page = page(in, "DescribeImages/" + repo, digests);
        if (page.isEmpty()) {
            return maxResultsError();
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode details = out.putArray("imageDetails");
        for (Digest d : page.get().items()) {
            Optional<RegistryBackend.ImageSummary> s = backend.describe(repo, d);
            ObjectNode n = details.addObject();
            n.put("registryId", account);
            n.put("repositoryName", repo);
            n.put("imageDigest", d.toString());
            ArrayNode tags = n.putArray("imageTags");
            backend.tagsOf(repo, d).forEach(tags::add);
            s.ifPresent(x -> {
                n.put("imageSizeInBytes", x.totalSize());
                n.put("imageManifestMediaType", x.mediaType());
            });
            n.put("imagePushedAt", backend.manifestTime(repo, d).orElse(Instant.EPOCH).getEpochSecond());
        }
        nextToken(out, "DescribeImages/" + repo, page.get());
        return awsJson(out);
    }

    /** The digest an image id names; a tag with a digest must match it. */
    private Optional<Digest> resolve(String repo, JsonNode id) {
        Optional<Digest> byTag = Optional.ofNullable(id.get("imageTag")).map(JsonNode::asText)
                .flatMap(t -> backend.tagDigest(repo, t));
        Optional<Digest> byDigest = Optional.ofNullable(id.get("imageDigest")).map(JsonNode::asText)
                .filter(Digest::isDigest).map(Digest::parse)
                .filter(d -> backend.manifestDigests(repo).contains(d));
        if (id.has("imageTag") && id.has("imageDigest")) {
            return byTag.isPresent() && byTag.equals(byDigest) ? byTag : Optional.empty();
        }
        return id.has("imageTag") ? byTag : byDigest;
    }

    private Reply batchDeleteImage(JsonNode in) {
        String repo = in.path("repositoryName").asText();
        if (!repositories.containsKey(repo)) {
            return repositoryNotFound(repo);
        }
        JsonNode ids = in.path("imageIds");
        if (!ids.isArray() || ids.isEmpty() || ids.size() > 100) {
            return awsJsonError(400, "InvalidParameterException", "imageIds must hold between 1 and 100 image ids");
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode deleted = out.putArray("imageIds");
        ArrayNode failures = out.putArray("failures");
        for (JsonNode id : ids) {
            Optional<Digest> d = resolve(repo, id);
            if (d.isEmpty()) {
                ObjectNode f = failures.addObject();
                f.set("imageId", id);
                boolean mismatch = id.has("imageTag") && id.has("imageDigest")
                        && backend.tagDigest(repo, id.get("imageTag").asText()).isPresent();
                f.put("failureCode", mismatch ? "ImageTagDoesNotMatchDigest" : "ImageNotFound");
                f.put("failureReason", mismatch ? "Invalid image tag and digest combination"
                        : "Requested image not found");
                continue;
            }
            if (id.has("imageTag") && !id.has("imageDigest")) {
                backend.untag(repo, id.get("imageTag").asText());
                // The image goes with its last tag.
                if (backend.tagsOf(repo, d.get()).isEmpty()) {
                    backend.deleteManifest(repo, d.get());
                }
            } else {
                backend.deleteManifest(repo, d.get());
            }
            ObjectNode done = deleted.addObject();
            done.put("imageDigest", d.get().toString());
            Optional.ofNullable(id.get("imageTag")).ifPresent(t -> done.put("imageTag", t.asText()));
        }
        return awsJson(out);
    }

    private Reply repositoryNotFound(String repo) {
        return awsJsonError(400, "RepositoryNotFoundException", "The repository with name '" + repo
                + "' does not exist in the registry with id '" + account + "'");
    }

    private static Reply awsJson(ObjectNode body) {
        return Reply.bytes(200, "application/x-amz-json-1.1", Json.bytes(body))
                .with("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
    }

    /** The AWS JSON 1.1 error shape: {@code __type} in the body and {@code x-amzn-ErrorType}. */
    static Reply awsJsonError(int status, String type, String message) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("__type", type);
        n.put("message", message);
        return Reply.bytes(status, "application/x-amz-json-1.1", Json.bytes(n))
                .with("x-amzn-ErrorType", type)
                .with("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
    }

    // ---- STS -----------------------------------------------------------------------------------------------

    private Reply stsCall(Call call) {
        call.body();
        SigV4.Verdict v = SigV4.verify(call, region, "sts", this::secretOf);
        if (!v.ok()) {
            String code = switch (v.problem().get()) {
                case BAD_SIGNATURE, WRONG_SCOPE, EXPIRED_SIGNATURE -> "SignatureDoesNotMatch";
                case MISSING -> "MissingAuthenticationToken";
                default -> "InvalidClientTokenId";
            };
            return stsError(403, code, v.problem().get().message());
        }
        Identity who = keys.get(v.accessKeyId().get()).identity();
        if (who.expires().filter(e -> e.isBefore(Instant.now())).isPresent()) {
            return stsError(400, "ExpiredToken", "The security token included in the request is expired");
        }
        Map<String, List<String>> form = call.form();
        String action = first(form, "Action").orElse("");
        return switch (action) {
            case "AssumeRole" -> assumeRole(who, form);
            case "GetCallerIdentity" -> stsXml("GetCallerIdentity", "<Arn>" + xml(who.arn()) + "</Arn><UserId>"
                    + xml(v.accessKeyId().get()) + "</UserId><Account>" + account + "</Account>");
            default -> stsError(400, "InvalidAction", "Could not find operation " + action + " for version 2011-06-15");
        };
    }

    private Reply assumeRole(Identity caller, Map<String, List<String>> form) {
        String roleArn = first(form, "RoleArn").orElse("");
        String session = first(form, "RoleSessionName").orElse("");
        if (!SESSION_NAME.matcher(session).matches()) {
            return stsError(400, "ValidationError", "1 validation error detected: Value '" + session
                    + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression"
                    + " pattern: [\\w+=,.@-]* and have length between 2 and 64");
        }
        int duration;
        try {
            duration = Integer.parseInt(first(form, "DurationSeconds").orElse("3600"));
        } catch (NumberFormatException e) {
            return stsError(400, "ValidationError", "DurationSeconds must be a number");
        }
        if (duration < 900) {
            return stsError(400, "ValidationError", "1 validation error detected: Value '" + duration
                    + "' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or"
                    + " equal to 900");
        }
        Role role = roles.get(roleArn);
        Optional<String> externalId = first(form, "ExternalId");
        if (role == null || !role.trusted().contains(caller.arn())
                || role.externalId().isPresent() && !role.externalId().equals(externalId)) {
            return stsError(403, "AccessDenied", "User: " + caller.arn() + " is not authorized to perform:"
                    + " sts:AssumeRole on resource: " + roleArn);
        }
        if (duration > role.maxSession().toSeconds()) {
            return stsError(400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration"
                    + " set for this role.");
        }
        Instant expires = Instant.now().plusSeconds(duration).truncatedTo(ChronoUnit.SECONDS);
        String id = Secrets.random("ASIA", 16).toUpperCase(java.util.Locale.ROOT);
        String secret = Secrets.random("", 40);
        String token = Secrets.random("FwoGZXIvYXdzE", 120);
        String sessionArn = "arn:aws:sts::" + account + ":assumed-role/" + role.name() + "/" + session;
        keys.put(id, new Key(secret, Optional.of(token), new Identity(sessionArn, role.policy(), Optional.of(expires))));
        return stsXml("AssumeRole", "<AssumedRoleUser><Arn>" + xml(sessionArn) + "</Arn><AssumedRoleId>AROA"
                + Secrets.random("", 17).toUpperCase(java.util.Locale.ROOT) + ":" + xml(session)
                + "</AssumedRoleId></AssumedRoleUser><Credentials><AccessKeyId>" + id + "</AccessKeyId>"
                + "<SecretAccessKey>" + secret + "</SecretAccessKey><SessionToken>" + token + "</SessionToken>"
                + "<Expiration>" + expires + "</Expiration></Credentials><PackedPolicySize>6</PackedPolicySize>");
    }

    private static Optional<String> first(Map<String, List<String>> form, String name) {
        return Optional.ofNullable(form.get(name)).filter(l -> !l.isEmpty()).map(List::getFirst);
    }

    private static Reply stsXml(String action, String result) {
        String body = "<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + action
                + "Result>" + result + "</" + action + "Result><ResponseMetadata><RequestId>"
                + java.util.UUID.randomUUID() + "</RequestId></ResponseMetadata></" + action + "Response>";
        return Reply.text(200, "text/xml", body);
    }

    private static Reply stsError(int status, String code, String message) {
        String body = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                + "<Code>" + code + "</Code><Message>" + xml(message) + "</Message></Error><RequestId>"
                + java.util.UUID.randomUUID() + "</RequestId></ErrorResponse>";
        return Reply.text(status, "text/xml", body);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    // ---- registry ------------------------------------------------------------------------------------------

    /** The ECR action a registry request needs, for the denial message. */
    private static String ecrAction(RegistryCall request) {
        return switch (request.method()) {
            case "GET", "HEAD" -> request.kind().equals("blobs") ? "ecr:GetDownloadUrlForLayer" : "ecr:BatchGetImage";
            case "DELETE" -> "ecr:BatchDeleteImage";
            default -> request.kind().equals("manifests") ? "ecr:PutImage" : "ecr:InitiateLayerUpload";
        };
    }

    private final class Front implements RegistryFront.Policy {
        @Override
        public Optional<Reply> intercept(Call call, RegistryCall request) {
            Optional<Credentials> basic = call.basic();
            if (basic.isEmpty() || !basic.get().username().equals("AWS")) {
                return Optional.of(RegistryFront.distributionError(401, "DENIED", "Not Authorized")
                        .with("WWW-Authenticate", challenge(request, "")));
            }
            RegistryPassword p = passwords.get(basic.get().password());
            if (p == null) {
                return Optional.of(RegistryFront.distributionError(401, "DENIED", "Not Authorized")
                        .with("WWW-Authenticate", challenge(request, "")));
            }
            if (p.expires().isBefore(Instant.now())) {
                return Optional.of(RegistryFront.distributionError(403, "DENIED",
                        "Your authorization token has expired. Reauthenticate and try again."));
            }
            if (request.kind().equals("catalog")
                    && call.intParam("n", 100) > 1000) {
                return Optional.of(RegistryFront.distributionError(400, "PAGINATION_NUMBER_INVALID",
                        "invalid number of results requested: n must be at most 1000"));
            }
            if (request.repository().isPresent() && !repositories.containsKey(request.repo())) {
                return Optional.of(RegistryFront.distributionError(404, "NAME_UNKNOWN", "The repository with name '"
                        + request.repo() + "' does not exist in the registry with id '" + account + "'"));
            }
            return Optional.empty();
        }

        @Override
        public Optional<String> upstreamAuthorization(Call call, RegistryCall request) {
            Identity who = passwords.get(call.basic().orElseThrow().password()).identity();
            List<Access> access = Scopes.allowed((type, name) -> {
                Set<String> out = new LinkedHashSet<>();
                Optional<String> repo = Optional.of(name);
                if (type.equals("registry") && who.policy().allows("ecr:DescribeRepositories", Optional.empty())) {
                    out.add("*");
                } else if (type.equals("repository")) {
                    if (PULL.stream().allMatch(a -> who.policy().allows(a, repo))) {
                        out.add("pull");
                    }
                    if (PUSH.stream().allMatch(a -> who.policy().allows(a, repo))) {
                        out.add("push");
                    }
                    if (who.policy().allows("ecr:BatchDeleteImage", repo)) {
                        out.add("delete");
                    }
                }
                return out;
            }, request.needed());
            return Optional.of("Bearer " + backend.mint(who.arn(), access, Duration.ofMinutes(5)));
        }

        @Override
        public String challenge(RegistryCall request, String registryChallenge) {
            return "Basic realm=\"" + registry.url() + "/\",service=\"ecr.amazonaws.com\"";
        }

        @Override
        public Reply adjust(Call call, RegistryCall request, Reply reply) {
            if (reply.status() != 401) {
                return reply;
            }
            reply.discard();
            Identity who = passwords.get(call.basic().orElseThrow().password()).identity();
            return RegistryFront.distributionError(403, "DENIED", "User: " + who.arn() + " is not authorized to"
                    + " perform: " + ecrAction(request) + " on resource: "
                    + request.repository().map(EcrEmulator.this::repositoryArn).orElse("*"));
        }
    }

    @Override
    public String toString() {
        return "EcrEmulator[" + account + " " + region + ", api " + api.url() + ", sts " + sts.url() + ", registry "
                + registry.url() + "]";
    }
}
