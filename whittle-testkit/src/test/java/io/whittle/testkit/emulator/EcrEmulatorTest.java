package io.whittle.testkit.emulator;

import static io.whittle.testkit.emulator.Fixtures.image;
import static io.whittle.testkit.emulator.Fixtures.skopeoPush;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.testkit.Credentials;
import io.whittle.testkit.Skopeo;
import io.whittle.testkit.ToolException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.BatchDeleteImageResponse;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** The ECR and STS emulator driven by the real AWS SDK v2. */
class EcrEmulatorTest {
    static EcrEmulator ecr;
    static EcrEmulator.AwsKeys admin;
    static EcrEmulator.AwsKeys reader;
    static String roleArn;

    @BeforeAll
    static void start() {
        ecr = EcrEmulator.start();
        admin = ecr.user("admin", EcrEmulator.Policy.fullAccess().plus("ecr:CreateRepository"));
        reader = ecr.user("reader", EcrEmulator.Policy.readOnly());
        roleArn = ecr.role("whittle-pull", Optional.of("ext-123"), EcrEmulator.Policy.powerUser(), "reader");
        ecr.repository("team/app");
    }

    @AfterAll
    static void stop() {
        ecr.close();
    }

    static EcrClient ecrClient(AwsCredentials credentials) {
        return EcrClient.builder().endpointOverride(URI.create(ecr.apiUrl())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).build();
    }

    static EcrClient ecrClient(EcrEmulator.AwsKeys keys) {
        return ecrClient(AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey()));
    }

    static StsClient stsClient(EcrEmulator.AwsKeys keys) {
        return StsClient.builder().endpointOverride(URI.create(ecr.stsUrl())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey()))).build();
    }

    /** {@code AWS:<password>} decoded from GetAuthorizationToken. */
    static Credentials registryCredentials(EcrClient client) {
        AuthorizationData d = client.getAuthorizationToken(b -> { }).authorizationData().getFirst();
        String pair = new String(Base64.getDecoder().decode(d.authorizationToken()), StandardCharsets.UTF_8);
        assertThat(pair).startsWith("AWS:");
        assertThat(d.proxyEndpoint()).isEqualTo(ecr.registryUrl());
        assertThat(d.expiresAt()).isAfter(Instant.now().plus(Duration.ofHours(11)));
        return Credentials.of("AWS", pair.substring(4));
    }

    @Test
    void theSdkCreatesRepositoriesAndPagesThroughThem() {
        try (EcrClient c = ecrClient(admin)) {
            for (String r : List.of("page/a", "page/b", "page/c")) {
                Repository repo = c.createRepository(b -> b.repositoryName(r)).repository();
                assertThat(repo.repositoryUri()).isEqualTo(ecr.registryHostPort() + "/" + r);
            }
            assertThatThrownBy(() -> c.createRepository(b -> b.repositoryName("page/a")))
                    .isInstanceOf(RepositoryAlreadyExistsException.class);
            List<String> names = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                String t = token;
                var page = c.describeRepositories(b -> b.maxResults(2).nextToken(t));
                page.repositories().forEach(r -> names.add(r.repositoryName()));
                token = page.nextToken();
                pages++;
            } while (token != null);
            assertThat(pages).isGreaterThan(1);
            assertThat(names).contains("page/a", "page/b", "page/c", "team/app").doesNotHaveDuplicates();
            // The SDK's own paginator follows nextToken as well.
            assertThat(c.describeRepositoriesPaginator(b -> b.maxResults(1)).repositories().stream().count())
                    .isEqualTo(names.size());
            assertThatThrownBy(() -> c.describeRepositories(b -> b.repositoryNames("no/such")))
                    .isInstanceOf(RepositoryNotFoundException.class);
        }
    }

    @Test
    void aWrongSecretKeyFailsTheSignatureCheck() {
        EcrEmulator.AwsKeys forged = new EcrEmulator.AwsKeys(admin.accessKeyId(), "x".repeat(40), Optional.empty());
        try (EcrClient c = ecrClient(forged)) {
            assertThatThrownBy(() -> c.describeRepositories(b -> { }))
                    .isInstanceOfSatisfying(EcrException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        assertThat(e.statusCode()).isEqualTo(400);
                    });
        }
        EcrEmulator.AwsKeys unknown = new EcrEmulator.AwsKeys("AKIAUNKNOWN000000000", admin.secretAccessKey(),
                Optional.empty());
        try (EcrClient c = ecrClient(unknown)) {
            assertThatThrownBy(() -> c.describeRepositories(b -> { }))
                    .isInstanceOfSatisfying(EcrException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
    }

    @Test
    void aReadOnlyIdentityPullsButCannotPushOrCreate() {
        Credentials adminRegistry;
        try (EcrClient c = ecrClient(admin)) {
            adminRegistry = registryCredentials(c);
        }
        skopeoPush("ecr app", ecr.registryHostPort(), "team/app", "v1", adminRegistry);
        try (EcrClient c = ecrClient(reader)) {
            Credentials readerRegistry = registryCredentials(c);
            byte[] raw = Skopeo.create().inspectRaw(Skopeo.docker(ecr.registryHostPort(), "team/app", "v1"),
                    Optional.of(readerRegistry));
            assertThat(raw).isEqualTo(image("ecr app").manifestBytes());
            assertThatThrownBy(() -> skopeoPush("ecr denied", ecr.registryHostPort(), "team/app", "v2",
                    readerRegistry)).isInstanceOf(ToolException.class);
            Fixtures.Response r = Fixtures.send("POST", ecr.registryUrl() + "/v2/team/app/blobs/uploads/", null,
                    "Authorization", readerRegistry.basicAuthorization());
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.body()).contains("arn:aws:iam::123456789012:user/reader is not authorized to perform:"
                    + " ecr:InitiateLayerUpload");
            assertThatThrownBy(() -> c.createRepository(b -> b.repositoryName("nope")))
                    .isInstanceOfSatisfying(EcrException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
        }
        assertThatThrownBy(() -> skopeoPush("ecr app", ecr.registryHostPort(), "never/created", "v1", adminRegistry))
                .isInstanceOf(ToolException.class);
        assertThat(Fixtures.get(ecr.registryUrl() + "/v2/").status()).isEqualTo(401);
        assertThat(Fixtures.get(ecr.registryUrl() + "/v2/").header("WWW-Authenticate").orElseThrow())
                .startsWith("Basic realm=");
    }

    @Test
    void anExpiredRegistryPasswordIsRefused() {
        ecr.authorizationTokenLifetime(Duration.ofSeconds(-5));
        try (EcrClient c = ecrClient(admin)) {
            AuthorizationData d = c.getAuthorizationToken(b -> { }).authorizationData().getFirst();
            String auth = "Basic " + d.authorizationToken();
            Fixtures.Response r = Fixtures.get(ecr.registryUrl() + "/v2/", "Authorization", auth);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.body()).contains("authorization token has expired");
        } finally {
            ecr.authorizationTokenLifetime(Duration.ofHours(12));
        }
    }

    @Test
    void imagesAreListedInPagesAndDeletedByTag() {
        ecr.repository("list/app");
        Credentials registry;
        try (EcrClient c = ecrClient(admin)) {
            registry = registryCredentials(c);
        }
        for (String tag : List.of("a", "b", "c")) {
            image("ecr list " + tag).push(ecr.registryUrl(), "list/app", tag, Optional.of(registry));
        }
        try (EcrClient c = ecrClient(admin)) {
            var first = c.listImages(b -> b.repositoryName("list/app").maxResults(2));
            assertThat(first.imageIds()).hasSize(2);
            assertThat(first.nextToken()).isNotNull();
            var second = c.listImages(b -> b.repositoryName("list/app").maxResults(2).nextToken(first.nextToken()));
            assertThat(second.imageIds()).hasSize(1);
            assertThat(second.nextToken()).isNull();

            DescribeImagesResponse described = c.describeImages(b -> b.repositoryName("list/app")
                    .imageIds(ImageIdentifier.builder().imageTag("b").build()));
            assertThat(described.imageDetails().getFirst().imageDigest())
                    .isEqualTo(image("ecr list b").digest().toString());
            assertThat(described.imageDetails().getFirst().imageSizeInBytes()).isPositive();

            BatchDeleteImageResponse deleted = c.batchDeleteImage(b -> b.repositoryName("list/app").imageIds(
                    ImageIdentifier.builder().imageTag("a").build(),
                    ImageIdentifier.builder().imageTag("zzz").build()));
            assertThat(deleted.imageIds()).hasSize(1);
            assertThat(deleted.failures()).singleElement()
                    .satisfies(f -> assertThat(f.failureCodeAsString()).isEqualTo("ImageNotFound"));
            assertThat(ecr.backend().tags("list/app")).containsExactly("b", "c");
            assertThat(ecr.backend().manifestDigests("list/app")).doesNotContain(image("ecr list a").digest());
        }
    }

    @Test
    void aRoleIsAssumedWithItsExternalIdAndItsKeysWork() {
        try (StsClient sts = stsClient(reader)) {
            AssumeRoleResponse r = sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("whittle")
                    .externalId("ext-123").durationSeconds(900));
            assertThat(r.credentials().accessKeyId()).startsWith("ASIA");
            assertThat(r.credentials().expiration()).isBefore(Instant.now().plusSeconds(901));
            assertThat(r.assumedRoleUser().arn()).endsWith(":assumed-role/whittle-pull/whittle");
            AwsSessionCredentials temporary = AwsSessionCredentials.create(r.credentials().accessKeyId(),
                    r.credentials().secretAccessKey(), r.credentials().sessionToken());
            try (EcrClient c = ecrClient(temporary)) {
                assertThat(c.describeRepositories(b -> { }).repositories()).isNotEmpty();
                Credentials registry = registryCredentials(c);
                skopeoPush("ecr role", ecr.registryHostPort(), "team/app", "role", registry);
            }
            // Without the session token the temporary key is not recognised.
            try (EcrClient c = ecrClient(AwsBasicCredentials.create(r.credentials().accessKeyId(),
                    r.credentials().secretAccessKey()))) {
                assertThatThrownBy(() -> c.describeRepositories(b -> { })).isInstanceOf(EcrException.class);
            }

            assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("whittle")
                    .externalId("wrong")))
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                        assertThat(e.statusCode()).isEqualTo(403);
                    });
            assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("whittle")))
                    .isInstanceOfSatisfying(StsException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
            assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("whittle")
                    .externalId("ext-123").durationSeconds(600)))
                    .isInstanceOfSatisfying(StsException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
            assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("whittle")
                    .externalId("ext-123").durationSeconds(7200)))
                    .isInstanceOfSatisfying(StsException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
            assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::123456789012:user/reader");
        }
        // A user the role does not trust cannot assume it, ExternalId or not.
        try (StsClient sts = stsClient(admin)) {
            assertThatThrownBy(() -> sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("whittle")
                    .externalId("ext-123"))).isInstanceOf(StsException.class);
        }
    }
}
