package io.whittle.connector.ecr;

import io.whittle.connector.BaseConnection;
import io.whittle.connector.ConnectorCheckException;
import io.whittle.connector.CommonFields;
import io.whittle.connector.CredentialFields;
import io.whittle.connector.Endpoints;
import io.whittle.connector.IssuedCredential;
import io.whittle.connector.PageTokens;
import io.whittle.connector.ProviderContext;
import io.whittle.connector.RepositoryInfo;
import io.whittle.connector.RepositoryPage;
import io.whittle.connector.TagInfo;
import io.whittle.connector.TagPage;
import io.whittle.connector.http.AwsHttpClient;
import io.whittle.oci.AccessException;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.registry.auth.Credential;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.BatchDeleteImageResponse;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesResponse;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.TagStatus;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

final class EcrConnection extends BaseConnection {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EcrSettings s;
    private final AwsCredentialsProvider identity;
    private final Object sdkLock = new Object();
    private EcrClient ecr;
    private StsClient sts;
    private StsAssumeRoleCredentialsProvider assumed;
    private volatile String host;

    EcrConnection(ProviderContext context, EcrSettings settings, AwsCredentialsProvider identity) {
        super(context, new CredentialFields(settings.role() ? EcrProvider.ROLE_ARN : EcrProvider.SECRET_ACCESS_KEY,
                "ECR password", EcrProvider.REGION));
        this.s = settings;
        this.identity = identity;
        this.host = settings.registry().orElse(null);
    }

    // ---- SDK clients --------------------------------------------------------------------------------------

    private EcrClient ecr() {
        synchronized (sdkLock) {
            if (ecr == null) {
                var b = EcrClient.builder().region(Region.of(s.region()))
                        .httpClient(new AwsHttpClient(context.rest(), "call ECR"))
                        .credentialsProvider(credentials());
                s.apiUrl().ifPresent(b::endpointOverride);
                ecr = b.build();
            }
            return ecr;
        }
    }

    /** Static keys, or the role assumed with the ExternalId by Whittle's identity (renewed by the SDK). */
    private AwsCredentialsProvider credentials() {
        if (!s.role()) {
            String id = s.accessKeyId().orElseThrow();
            String secret = s.secretAccessKey().orElseThrow().reveal().strip();
            return StaticCredentialsProvider.create(s.sessionToken().map(t -> (software.amazon.awssdk.auth.credentials
                            .AwsCredentials) AwsSessionCredentials.create(id, secret, t.reveal().strip()))
                    .orElseGet(() -> AwsBasicCredentials.create(id, secret)));
        }
        var b = StsClient.builder().region(Region.of(s.region()))
                .httpClient(new AwsHttpClient(context.rest(), "call STS")).credentialsProvider(identity);
        s.stsUrl().ifPresent(b::endpointOverride);
        sts = b.build();
        AssumeRoleRequest request = AssumeRoleRequest.builder().roleArn(s.roleArn().orElseThrow())
                .externalId(s.externalId().orElseThrow())
                .roleSessionName("whittle-" + sessionSuffix())
                .durationSeconds(3600).build();
        assumed = StsAssumeRoleCredentialsProvider.builder().stsClient(sts).refreshRequest(request)
                .asyncCredentialUpdateEnabled(false).build();
        return assumed;
    }

    private static String sessionSuffix() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private <T> T sdk(String operation, String subject, Supplier<T> call) throws IOException {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(e, operation, subject);
        }
    }

    /** An SDK failure as one sentence naming the field it concerns. */
    private AccessException translate(SdkException e, String operation, String subject) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AccessException a) {
                return a; // the outbound policy or the network, already explained
            }
        }
        AwsServiceException service = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException a) {
                service = a;
                break;
            }
        }
        if (service == null && s.role() && String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
            return ConnectorCheckException.of(Failure.UNAUTHORIZED, null, operation, subject, "Whittle has no AWS"
                    + " identity of its own to assume the role with: the operator must give Whittle AWS credentials"
                    + " (environment variables or the shared credentials file).");
        }
        if (service == null) {
            return new AccessException(Failure.UNAVAILABLE, operation, subject, operation + " " + subject + ": the"
                    + " AWS SDK failed (" + e.getClass().getSimpleName() + "): check the region and the network",
                    e.retryable(), null);
        }
        String code = service.awsErrorDetails() == null ? "" : String.valueOf(service.awsErrorDetails().errorCode());
        boolean fromSts = service instanceof software.amazon.awssdk.services.sts.model.StsException;
        String keyField = fields.secret();
        return switch (code) {
            case "AccessDenied" -> fromSts
                    ? ConnectorCheckException.of(Failure.DENIED, EcrProvider.EXTERNAL_ID, operation, subject,
                    "The ECR role cannot be assumed: check the role ARN, that its trust policy names Whittle's AWS"
                    + " account, and that the ExternalId matches the trust policy's.")
                    : denied(code, service, operation, subject);
            case "AccessDeniedException" -> denied(code, service, operation, subject);
            case "InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch",
                 "InvalidSignatureException",
                 "IncompleteSignature", "MissingAuthenticationToken" -> s.role()
                    ? ConnectorCheckException.of(Failure.UNAUTHORIZED, null, operation, subject, "AWS did not accept"
                    + " Whittle's own AWS credentials, which assume the role: the Whittle operator must fix them.")
                    : ConnectorCheckException.of(Failure.UNAUTHORIZED, keyField, operation, subject, "AWS did not"
                    + " accept the access key: check the access key ID and secret, and that the key is active.");
            case "ExpiredToken", "ExpiredTokenException" -> ConnectorCheckException.of(Failure.UNAUTHORIZED,
                    s.role() ? null : EcrProvider.SESSION_TOKEN, operation, subject, "The temporary AWS credentials"
                    + " have expired: enter fresh ones (or use a role, which Whittle renews itself).");
            case "RepositoryNotFoundException" -> ConnectorCheckException.of(Failure.NOT_FOUND, null, operation,
                    subject, "ECR has no repository " + subject + " in " + s.region() + ": check the name and the"
                    + " region, or create the repository.");
            default -> new ConnectorCheckException(service.statusCode() >= 500 ? Failure.UNAVAILABLE : Failure.OTHER,
                    Optional.empty(), operation, subject, operation + " " + subject + ": AWS answered " + code
                    + " (HTTP " + service.statusCode() + "): check the connector's settings", service.retryable(),
                    null);
        };
    }

    /** "not authorized to perform: ecr:X" → "lacks ecr:X". */
    private ConnectorCheckException denied(String code, AwsServiceException e, String operation, String subject) {
        String m = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorMessage());
        java.util.regex.Matcher action = java.util.regex.Pattern.compile("perform: ([a-z0-9]+:[A-Za-z]+)").matcher(m);
        String what = action.find() ? action.group(1) : "the ECR permission for " + operation;
        return ConnectorCheckException.of(Failure.DENIED, s.role() ? EcrProvider.ROLE_ARN : EcrProvider.ACCESS_KEY_ID,
                operation, subject, "The " + (s.role() ? "role" : "access key") + " lacks " + what + ": attach"
                + " AmazonEC2ContainerRegistryReadOnly (or PowerUser to push) to it.");
    }

    // ---- credential ----------------------------------------------------------------------------------------

    /**
     * {@code GetAuthorizationToken}: a password for user {@code AWS}, valid 12 hours, and the registry's address.
     * Without endpoint overrides the address must be an ECR host; with a configured registry it must be that one.
     */
    @Override
    protected IssuedCredential issue() throws IOException {
        AuthorizationData data = sdk("get the ECR password", s.region(), () -> ecr().getAuthorizationToken())
                .authorizationData().stream().findFirst().orElseThrow(() -> new AccessException(Failure.UNSUPPORTED,
                        "get the ECR password", s.region(), "ECR answered without authorization data: check the"
                        + " region"));
        String decoded = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new AccessException(Failure.UNSUPPORTED, "get the ECR password", s.region(), "ECR's authorization"
                    + " token is not user:password: check the ECR endpoint");
        }
        String proxy = Endpoints.hostPort(URI.create(data.proxyEndpoint()));
        if (s.registry().isPresent() && !s.registry().get().equals(proxy)) {
            throw ConnectorCheckException.of(Failure.INVALID, CommonFields.REGISTRY, "get the ECR password", proxy,
                    "These credentials are for the registry " + proxy + ", not " + s.registry().get() + ": correct"
                    + " the registry host or leave it empty.");
        }
        if (!s.customEndpoints() && !EcrProvider.ECR_HOST.matcher(proxy).matches()) {
            throw new AccessException(Failure.UNSUPPORTED, "get the ECR password", proxy, "ECR named " + proxy
                    + " as the registry, which is not an ECR host, so no credentials are sent there");
        }
        host = proxy;
        return new IssuedCredential(new Credential.Basic(decoded.substring(0, colon), decoded.substring(colon + 1)),
                Optional.ofNullable(data.expiresAt()));
    }

    @Override
    public String registryHost() throws IOException {
        if (host == null) {
            credential();
        }
        return host;
    }

    // ---- listing and deleting ------------------------------------------------------------------------------

    @Override
    public RepositoryPage repositories(Optional<String> pageToken, int pageSize) throws IOException {
        if (pageToken.isPresent()) {
            PageTokens.opaque(pageToken.get());
        }
        DescribeRepositoriesResponse r = sdk("list repositories", s.region(), () -> ecr().describeRepositories(b -> {
            b.maxResults(PageTokens.size(pageSize, 1000));
            pageToken.ifPresent(b::nextToken);
        }));
        List<RepositoryInfo> items = new ArrayList<>();
        r.repositories().forEach(repo -> items.add(new RepositoryInfo(repo.repositoryName(),
                Optional.ofNullable(repo.createdAt()), Optional.of(true))));
        return new RepositoryPage(items, Optional.ofNullable(r.nextToken()));
    }

    @Override
    public TagPage tags(String repository, Optional<String> pageToken, int pageSize) throws IOException {
        if (pageToken.isPresent()) {
            PageTokens.opaque(pageToken.get());
        }
        DescribeImagesResponse r = sdk("list tags", repository, () -> ecr().describeImages(b -> {
            b.repositoryName(repository).maxResults(PageTokens.size(pageSize, 1000))
                    .filter(f -> f.tagStatus(TagStatus.TAGGED));
            pageToken.ifPresent(b::nextToken);
        }));
        List<TagInfo> items = new ArrayList<>();
        for (ImageDetail d : r.imageDetails()) {
            Optional<Digest> digest = Optional.ofNullable(d.imageDigest()).filter(Digest::isDigest).map(Digest::parse);
            for (String tag : d.imageTags()) {
                items.add(new TagInfo(tag, digest, Optional.ofNullable(d.imageManifestMediaType()), List.of(),
                        d.imageSizeInBytes() == null ? OptionalLong.empty() : OptionalLong.of(d.imageSizeInBytes()),
                        Optional.ofNullable(d.imagePushedAt())));
            }
        }
        return new TagPage(items, Optional.ofNullable(r.nextToken()));
    }

    /**
     * A push needs the repository to exist: found with {@code DescribeRepositories}, else made with
     * {@code CreateRepository}. When the credential may not describe repositories, the push goes ahead and speaks
     * for itself.
     */
    @Override
    public void prepareRepository(String repository) throws IOException {
        String subject = registryHost() + "/" + repository;
        try {
            ecr().describeRepositories(b -> b.repositoryNames(repository));
            return;
        } catch (RepositoryNotFoundException e) {
            // created below
        } catch (SdkException e) {
            if (errorCode(e).equals("AccessDeniedException")) {
                return;
            }
            throw translate(e, "find repository", subject);
        }
        try {
            ecr().createRepository(b -> b.repositoryName(repository));
        } catch (RepositoryAlreadyExistsException e) {
            // another push created it meanwhile
        } catch (SdkException e) {
            if (!errorCode(e).equals("AccessDeniedException")) {
                throw translate(e, "create repository", subject);
            }
            String who = s.role() ? "role" : "access key";
            throw ConnectorCheckException.of(Failure.DENIED, s.role() ? EcrProvider.ROLE_ARN
                    : EcrProvider.ACCESS_KEY_ID, "create repository", subject, "ECR has no repository " + repository
                    + " and the " + who + " lacks ecr:CreateRepository to create it: create the repository in ECR"
                    + " first, or grant the " + who + " ecr:CreateRepository.");
        }
    }

    private static String errorCode(SdkException e) {
        return e instanceof AwsServiceException a && a.awsErrorDetails() != null
                ? String.valueOf(a.awsErrorDetails().errorCode()) : "";
    }

    /** {@code BatchDeleteImage} by tag: the tag goes, and the image with its last tag (ECR keeps no untagged copy). */
    @Override
    public void deleteTag(String repository, String tag) throws IOException {
        String subject = registryHost() + "/" + repository + ":" + tag;
        BatchDeleteImageResponse r = sdk("delete tag", subject, () -> ecr().batchDeleteImage(b -> b
                .repositoryName(repository).imageIds(ImageIdentifier.builder().imageTag(tag).build())));
        if (!r.failures().isEmpty()) {
            ImageFailure f = r.failures().getFirst();
            throw new AccessException(String.valueOf(f.failureCodeAsString()).equals("ImageNotFound")
                    ? Failure.NOT_FOUND : Failure.OTHER, "delete tag", subject, "delete tag " + subject + ": ECR"
                    + " answered " + f.failureCodeAsString() + " (" + f.failureReason() + "): check the tag");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            synchronized (sdkLock) {
                if (ecr != null) {
                    ecr.close();
                }
                if (assumed != null) {
                    assumed.close();
                }
                if (sts != null) {
                    sts.close();
                }
            }
        }
    }
}
