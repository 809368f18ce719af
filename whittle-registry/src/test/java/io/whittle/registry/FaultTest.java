package io.whittle.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.oci.MediaType;
import io.whittle.registry.net.OutboundPolicy;
import io.whittle.testkit.BlobHost;
import io.whittle.testkit.Fault;
import io.whittle.testkit.FaultProxy;
import io.whittle.testkit.FaultProxy.Rule;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.RecordedRequest;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.TestImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reliability and content checks of SECURITY.md, against a real registry behind a fault-injecting proxy.
 */
class FaultTest {
    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.noAuth();
    @RegisterExtension
    static final RegistryExtension BASIC = RegistryExtension.basic("carol", "redirect-canary-pw");

    private static final String BLOBS = "/v2/.+/blobs/sha256:[a-f0-9]+";
    private static final String MANIFESTS = "/v2/.+/manifests/.+";

    static ImageFactory factory;
    static TestImage image;
    static Descriptor big;
    static byte[] bigBytes;

    FaultProxy proxy;

    @BeforeAll
    static void seed() throws Exception {
        factory = ImageFactory.temporary();
        image = factory.smallImage(ImageFormat.OCI, "faults");
        image.push(REGISTRY.url(), "app/faults", "v1");
        image.push(BASIC.url(), "app/faults", "v1", BASIC.credentials());
        bigBytes = new byte[1_000_000];
        new Random(42).nextBytes(bigBytes);
        big = Descriptor.of(MediaType.OCI_LAYER, bigBytes);
        try (RegistryClient c = TestSupport.clientFor(REGISTRY).build()) {
            c.repository(REGISTRY.hostPort(), "app/faults").putBlob(big, new ByteArrayInputStream(bigBytes));
        }
    }

    @AfterAll
    static void drop() {
        factory.close();
    }

    @BeforeEach
    void startProxy() {
        proxy = FaultProxy.start(REGISTRY.url());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private RegistryClient client() {
        return RegistryClient.builder().retries(TestSupport.fastRetries()).build();
    }

    private RegistryRepository repo(RegistryClient c) {
        return c.repository(proxy.hostPort(), "app/faults");
    }

    private List<RecordedRequest> manifestGets() {
        return proxy.requests("GET", MANIFESTS);
    }

    // ---- retries -------------------------------------------------------------------------------------------

    @Test
    void waitsForRetryAfterSecondsThenSucceeds() throws Exception {
        proxy.on("GET", MANIFESTS, 1, Fault.tooManyRequests(Duration.ofSeconds(1)));
        try (RegistryClient c = client()) {
            long start = System.nanoTime();
            assertThat(repo(c).manifest("v1").digest()).isEqualTo(image.digest());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        }
        assertThat(manifestGets()).extracting(RecordedRequest::status).containsExactly(429, 200);
    }

    @Test
    void waitsForARetryAfterDate() throws Exception {
        proxy.on("GET", MANIFESTS, 1, Fault.tooManyRequestsUntil(Instant.now().plusSeconds(2)));
        try (RegistryClient c = client()) {
            long start = System.nanoTime();
            repo(c).manifest("v1");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        }
        assertThat(manifestGets()).hasSize(2);
    }

    @Test
    void capsAnAbsurdRetryAfter() throws Exception {
        proxy.on("GET", MANIFESTS, 1, Fault.tooManyRequests(Long.toString(Instant.now().getEpochSecond() + 86_400)));
        try (RegistryClient c = RegistryClient.builder()
                .retries(TestSupport.fastRetries().withMaxRetryAfter(Duration.ofMillis(300))).build()) {
            long start = System.nanoTime();
            repo(c).manifest("v1");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
        assertThat(manifestGets()).hasSize(2);
    }

    @Test
    void backsOffAfterServerErrorsThenSucceeds() throws Exception {
        proxy.on("GET", MANIFESTS, 2, Fault.status(503));
        try (RegistryClient c = client()) {
            assertThat(repo(c).manifest("v1").digest()).isEqualTo(image.digest());
        }
        assertThat(manifestGets()).extracting(RecordedRequest::status).containsExactly(503, 503, 200);
    }

    @Test
    void givesUpAfterTheLastRetryWithARetryableError() throws Exception {
        proxy.add(Rule.always("GET", MANIFESTS, Fault.status(502)));
        try (RegistryClient c = client()) {
            assertThatThrownBy(() -> repo(c).manifest("v1")).isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.status()).isEqualTo(502);
                assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage()).contains("HTTP 502").contains("try again later");
            });
        }
        assertThat(manifestGets()).hasSize(3);
    }

    @Test
    void doesNotRetryOtherClientErrors() throws Exception {
        proxy.add(Rule.always("GET", MANIFESTS, Fault.status(400)));
        proxy.add(Rule.always("HEAD", BLOBS, Fault.status(403)));
        try (RegistryClient c = client()) {
            assertThatThrownBy(() -> repo(c).manifest("v1")).isInstanceOfSatisfying(RegistryException.class,
                    e -> assertThat(e.retryable()).isFalse());
            assertThatThrownBy(() -> repo(c).headBlob(big.digest())).isInstanceOfSatisfying(RegistryException.class,
                    e -> assertThat(e.failure()).isEqualTo(Failure.DENIED));
        }
        assertThat(manifestGets()).hasSize(1);
        assertThat(proxy.requests("HEAD", BLOBS)).hasSize(1);
    }

    @Test
    void retriesARefusedConnectionThenReportsIt() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        try (RegistryClient c = client()) {
            assertThatThrownBy(() -> c.repository("127.0.0.1:" + port, "x").manifest("v1"))
                    .isInstanceOfSatisfying(AccessException.class, e -> {
                        assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).contains("could not connect to 127.0.0.1:" + port);
                    });
        }
    }

    // ---- broken and stalled downloads ----------------------------------------------------------------------

    @Test
    void resumesACutDownloadWithRangeAndStillVerifies() throws Exception {
        proxy.on("GET", BLOBS, 1, Fault.cutBodyAfter(300_000));
        proxy.on("GET", BLOBS, 1, Fault.resetBodyAfter(200_000));
        try (RegistryClient c = client(); InputStream in = repo(c).openBlob(big)) {
            assertThat(in.readAllBytes()).isEqualTo(bigBytes);
        }
        List<RecordedRequest> gets = proxy.requests("GET", BLOBS);
        assertThat(gets).hasSize(3);
        assertThat(gets.get(0).header("Range")).isEmpty();
        assertThat(gets.get(1).header("Range")).contains("bytes=300000-");
        // the reset may drop bytes already on the wire, so the third start is somewhere after the second
        long third = Long.parseLong(gets.get(2).header("Range").orElseThrow().replaceAll("[^0-9]", ""));
        assertThat(third).isGreaterThan(300_000).isLessThanOrEqualTo(500_000);
    }

    @Test
    void stopsResumingAfterTheLimit() throws Exception {
        proxy.add(Rule.always("GET", BLOBS, Fault.cutBodyAfter(100_000)));
        try (RegistryClient c = client(); InputStream in = repo(c).openBlob(big)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(AccessException.class, e -> {
                assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
                assertThat(e.getMessage()).contains("broke off after").contains("3 resumes");
            });
        }
        assertThat(proxy.requests("GET", BLOBS)).hasSize(4);
    }

    @Test
    void aStallHitsTheReadTimeout() throws Exception {
        proxy.add(Rule.always("GET", BLOBS, Fault.stallBodyAfter(10_000, Duration.ofSeconds(5))));
        proxy.add(Rule.always("GET", MANIFESTS, Fault.stallBodyAfter(10, Duration.ofSeconds(5))));
        try (RegistryClient c = RegistryClient.builder().retries(RetryPolicy.none())
                .timeouts(Timeouts.defaults().withRead(Duration.ofMillis(400))).build()) {
            long start = System.nanoTime();
            try (InputStream in = repo(c).openBlob(big)) {
                assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(AccessException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("broke off after 10000 of 1000000 bytes");
                });
            }
            assertThatThrownBy(() -> repo(c).manifest("v1")).isInstanceOfSatisfying(AccessException.class,
                    e -> assertThat(e.getMessage()).contains("sent nothing for 400 ms"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aSlowExchangeHitsTheTotalTimeout() throws Exception {
        proxy.add(Rule.always("GET", MANIFESTS, Fault.delay(Duration.ofSeconds(3))));
        try (RegistryClient c = RegistryClient.builder().retries(RetryPolicy.none())
                .timeouts(Timeouts.defaults().withTotal(Duration.ofMillis(500))).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> repo(c).manifest("v1")).isInstanceOfSatisfying(AccessException.class, e -> {
                assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
                assertThat(e.getMessage()).contains("did not complete the exchange within 500 ms");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    // ---- content that does not match -----------------------------------------------------------------------

    @Test
    void aBlobWhoseBytesDoNotMatchItsDigestFails() throws Exception {
        Descriptor layer = image.layerDescriptors().getFirst();
        byte[] wrong = new byte[(int) layer.size()];
        proxy.add(Rule.always("GET", BLOBS, Fault.replaceBody(wrong)));
        try (RegistryClient c = client(); InputStream in = repo(c).openBlob(layer)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(AccessException.class, e -> {
                assertThat(e.failure()).isEqualTo(Failure.CORRUPT);
                assertThat(e.getMessage()).contains("wrong content").contains(layer.digest().toString());
            });
        }
    }

    @Test
    void aBlobCorruptedInTheRegistrysStorageFails() throws Exception {
        byte[] data = new byte[5000];
        new Random(7).nextBytes(data);
        Descriptor d = Descriptor.of(MediaType.OCI_LAYER, data);
        try (RegistryClient c = client()) {
            RegistryRepository direct = c.repository(REGISTRY.hostPort(), "app/storage");
            direct.putBlob(d, new ByteArrayInputStream(data));
            byte[] flipped = data.clone();
            flipped[2500] ^= 1;
            Files.write(REGISTRY.server().blobDataFile(d.digest()), flipped);
            try (InputStream in = direct.openBlob(d)) {
                assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(AccessException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.CORRUPT));
            }
        }
    }

    @Test
    void aBlobOfTheWrongSizeFails() throws Exception {
        Descriptor layer = image.layerDescriptors().getFirst();
        Descriptor claimsMore = Descriptor.of(layer.mediaType(), layer.digest(), layer.size() + 1);
        Descriptor claimsLess = Descriptor.of(layer.mediaType(), layer.digest(), layer.size() - 1);
        try (RegistryClient c = client()) {
            for (Descriptor d : List.of(claimsMore, claimsLess)) {
                assertThatThrownBy(() -> {
                    try (InputStream in = repo(c).openBlob(d)) {
                        in.readAllBytes();
                    }
                }).isInstanceOfSatisfying(AccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.CORRUPT));
            }
        }
        // a body cut short but framed as complete: a short read, not a resume
        proxy.add(Rule.always("GET", BLOBS, Fault.replaceBody(new byte[10])));
        try (RegistryClient c = client()) {
            assertThatThrownBy(() -> {
                try (InputStream in = repo(c).openBlob(big)) {
                    in.readAllBytes();
                }
            }).isInstanceOfSatisfying(AccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.CORRUPT));
        }
    }

    @Test
    void aManifestFetchedByDigestMustHashToIt() throws Exception {
        byte[] other = factory.smallImage(ImageFormat.OCI, "impostor").manifestBytes();
        proxy.add(Rule.always("GET", MANIFESTS, Fault.replaceBody(other)));
        proxy.add(Rule.always("GET", MANIFESTS, Fault.removeHeader("Docker-Content-Digest")));
        try (RegistryClient c = client()) {
            assertThatThrownBy(() -> repo(c).manifest(image.digest().toString()))
                    .isInstanceOfSatisfying(AccessException.class, e -> {
                        assertThat(e.failure()).isEqualTo(Failure.CORRUPT);
                        assertThat(e.getMessage()).contains("not to the digest asked for");
                    });
        }
    }

    @Test
    void aDockerContentDigestThatDoesNotMatchTheBodyFails() throws Exception {
        proxy.add(Rule.always("GET", MANIFESTS, Fault.setHeader("Docker-Content-Digest",
                Digest.sha256("something else".getBytes()).toString())));
        try (RegistryClient c = client()) {
            assertThatThrownBy(() -> repo(c).manifest("v1")).isInstanceOfSatisfying(AccessException.class, e -> {
                assertThat(e.failure()).isEqualTo(Failure.CORRUPT);
                assertThat(e.getMessage()).contains("Docker-Content-Digest");
            });
        }
    }

    @Test
    void anOversizedManifestIsRefused() throws Exception {
        byte[] huge = new byte[4 * 1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        proxy.add(Rule.always("GET", MANIFESTS, Fault.replaceBody(huge)));
        try (RegistryClient c = client()) {
            assertThatThrownBy(() -> repo(c).manifest("v1")).isInstanceOfSatisfying(AccessException.class, e -> {
                assertThat(e.failure()).isEqualTo(Failure.INVALID);
                assertThat(e.getMessage()).contains("4 MiB");
            });
        }
    }

    // ---- redirects -----------------------------------------------------------------------------------------

    @Test
    void aRedirectToAnotherHostNeverCarriesTheAuthorization() throws Exception {
        try (BlobHost cdn = BlobHost.start("127.0.0.2", factory.root());
             FaultProxy basicProxy = FaultProxy.start(BASIC.url());
             RegistryClient c = RegistryClient.builder()
                     .keychain(TestSupport.keychain(basicProxy.hostPort(), BASIC.credentials()))
                     .retries(TestSupport.fastRetries()).build()) {
            basicProxy.add(Rule.always("GET", BLOBS, Fault.redirectPreservingPath(cdn.url())));
            Descriptor layer = image.layerDescriptors().getFirst();
            try (InputStream in = c.repository(basicProxy.hostPort(), "app/faults").openBlob(layer);
                 InputStream expected = image.openBlob(layer)) {
                assertThat(in.readAllBytes()).isEqualTo(expected.readAllBytes());
            }
            assertThat(basicProxy.requests("GET", BLOBS)).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.header("Authorization")).isPresent());
            assertThat(cdn.requests()).hasSize(1).allSatisfy(r -> {
                assertThat(r.hasHeader("Authorization")).isFalse();
                assertThat(r.header("User-Agent")).hasValueSatisfying(ua -> assertThat(ua).startsWith("whittle/"));
            });
        }
    }

    @Test
    void foreignLayerUrlsAreFetchedWithoutCredentials(@org.junit.jupiter.api.io.TempDir java.nio.file.Path cdnRoot)
            throws Exception {
        byte[] data = new byte[70_000];
        new Random(12).nextBytes(data);
        Descriptor plain = Descriptor.of(MediaType.OCI_LAYER_NONDISTRIBUTABLE_GZIP, data);
        java.nio.file.Path file = cdnRoot.resolve("blobs/sha256/" + plain.digest().hex());
        Files.createDirectories(file.getParent());
        Files.write(file, data);
        try (BlobHost cdn = BlobHost.start("127.0.0.2", cdnRoot);
             FaultProxy basicProxy = FaultProxy.start(BASIC.url());
             RegistryClient c = RegistryClient.builder()
                     .keychain(TestSupport.keychain(basicProxy.hostPort(), BASIC.credentials()))
                     .retries(TestSupport.fastRetries()).build()) {
            String url = cdn.url() + "/layers/" + plain.digest();
            Descriptor foreign = new Descriptor(plain.mediaType(), plain.digest(), plain.size(), List.of(url),
                    java.util.Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
            try (InputStream in = c.repository(basicProxy.hostPort(), "app/faults").openBlob(foreign)) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
            assertThat(basicProxy.requests("GET", BLOBS)).singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(404));
            assertThat(cdn.requests()).singleElement()
                    .satisfies(r -> assertThat(r.hasHeader("Authorization")).isFalse());
            // a foreign URL naming the registry itself still gets no credentials
            Descriptor selfUrl = new Descriptor(plain.mediaType(), plain.digest(), plain.size(),
                    List.of(basicProxy.url() + "/v2/app/faults/blobs/" + image.layerDescriptors().getFirst().digest()),
                    java.util.Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
            basicProxy.clearRequests();
            assertThatThrownBy(() -> c.repository(basicProxy.hostPort(), "app/faults").openBlob(selfUrl))
                    .isInstanceOf(AccessException.class);
            assertThat(basicProxy.requests("GET", BLOBS)).hasSize(2).last()
                    .satisfies(r -> assertThat(r.hasHeader("Authorization")).isFalse());
        }
    }

    @Test
    void aRedirectToTheMetadataServiceIsRefused() throws Exception {
        proxy.add(Rule.always("GET", BLOBS, Fault.redirect("http://169.254.169.254/latest/meta-data/")));
        proxy.add(Rule.always("GET", MANIFESTS, Fault.redirect("file:///etc/passwd")));
        try (RegistryClient c = client()) {
            assertThatThrownBy(() -> repo(c).openBlob(big)).isInstanceOfSatisfying(AccessException.class, e -> {
                assertThat(e.failure()).isEqualTo(Failure.BLOCKED);
                assertThat(e.getMessage()).contains("169.254.169.254").contains("metadata");
            });
            assertThatThrownBy(() -> repo(c).manifest("v1")).isInstanceOfSatisfying(AccessException.class,
                    e -> assertThat(e.failure()).isEqualTo(Failure.BLOCKED));
        }
    }

    // ---- policy --------------------------------------------------------------------------------------------

    @Test
    void addressLiteralsGoThroughThePolicyResolver() throws Exception {
        List<String> resolved = new CopyOnWriteArrayList<>();
        try (RegistryClient c = RegistryClient.builder().resolverDecorator(inner -> new org.apache.hc.client5.http.DnsResolver() {
            @Override
            public java.net.InetAddress[] resolve(String host) throws java.net.UnknownHostException {
                resolved.add(host);
                return inner.resolve(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) throws java.net.UnknownHostException {
                return inner.resolveCanonicalHostname(host);
            }
        }).build()) {
            repo(c).manifest("v1");
        }
        assertThat(resolved).contains("127.0.0.1");
    }

    @Test
    void theServerPolicyBlocksLoopbackUnlessAllowListed() throws Exception {
        try (RegistryClient c = RegistryClient.builder().policy(OutboundPolicy.server(List.of())).build()) {
            assertThatThrownBy(() -> repo(c).manifest("v1")).isInstanceOfSatisfying(AccessException.class, e -> {
                assertThat(e.failure()).isEqualTo(Failure.BLOCKED);
                assertThat(e.getMessage()).contains("127.0.0.1").contains("loopback");
            });
        }
        assertThat(proxy.requests()).isEmpty();
        try (RegistryClient c = RegistryClient.builder().policy(OutboundPolicy.server(List.of("127.0.0.1/32"))).build()) {
            assertThat(repo(c).manifest("v1").digest()).isEqualTo(image.digest());
        }
    }

    @Test
    void aResolvedNameIsCheckedAtConnectTime() throws Exception {
        // "localhost" passes the URL check as a name; its address is refused when the connection is made.
        OutboundPolicy p = OutboundPolicy.server(List.of("localhost-alias-not-listed"));
        try (RegistryClient c = RegistryClient.builder().policy(p)
                .resolverDecorator(inner -> new org.apache.hc.client5.http.DnsResolver() {
                    @Override
                    public java.net.InetAddress[] resolve(String host) throws java.net.UnknownHostException {
                        // a name that resolves to loopback, as a rebinding attacker's would
                        return inner.resolve(host.equals("registry.example.com") ? "127.0.0.1" : host);
                    }

                    @Override
                    public String resolveCanonicalHostname(String host) throws java.net.UnknownHostException {
                        return host;
                    }
                }).insecureRegistries(java.util.Set.of("registry.example.com:" + proxy.port())).build()) {
            assertThatThrownBy(() -> c.repository("registry.example.com:" + proxy.port(), "app/faults").manifest("v1"))
                    .isInstanceOfSatisfying(AccessException.class, e -> {
                        assertThat(e.failure()).isEqualTo(Failure.BLOCKED);
                        assertThat(e.getMessage()).contains("127.0.0.1");
                    });
        }
        assertThat(proxy.requests()).isEmpty();
    }

    @Test
    void everyRequestCarriesTheUserAgent() throws Exception {
        try (RegistryClient c = client()) {
            repo(c).manifest("v1");
            repo(c).headBlob(big.digest());
        }
        assertThat(proxy.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.header("User-Agent"))
                .contains(Version.userAgent()));
        assertThat(Version.current()).isNotEqualTo("dev").doesNotContain("${");
    }

    // ---- uploads through the proxy -------------------------------------------------------------------------

    @Test
    void aMountSendsNoBlobBytes() throws Exception {
        try (RegistryClient c = client()) {
            RegistryRepository target = c.repository(proxy.hostPort(), "app/mounted");
            for (Descriptor d : image.blobs()) {
                assertThat(target.mountBlob(d, repo(c))).isTrue();
            }
        }
        assertThat(proxy.requests("POST", "/v2/app/mounted/blobs/uploads/")).hasSize(image.blobs().size())
                .allSatisfy(r -> assertThat(r.query()).contains("mount=").contains("from=app%2Ffaults"));
        assertThat(proxy.requests("PATCH", ".*")).isEmpty();
        assertThat(proxy.requests("PUT", ".*")).isEmpty();
    }

    @Test
    void aDeclinedMountUsesTheSessionItOpened() throws Exception {
        byte[] data = "declined mount".getBytes();
        Descriptor d = Descriptor.of(MediaType.OCI_LAYER, data);
        try (RegistryClient c = client()) {
            RegistryRepository target = c.repository(proxy.hostPort(), "app/declined");
            assertThat(target.mountBlob(d, c.repository(proxy.hostPort(), "app/nothing-here"))).isFalse();
            target.putBlob(d, new ByteArrayInputStream(data));
            assertThat(target.headBlob(d.digest())).contains((long) data.length);
        }
        assertThat(proxy.requests("POST", ".*/blobs/uploads/")).hasSize(1);
        assertThat(proxy.requests("PUT", ".*/blobs/uploads/.+")).singleElement()
                .satisfies(r -> assertThat(r.query()).contains("digest=sha256%3A"));
    }

    @Test
    void chunkedUploadsHonourTheRegistrysMinimumChunk() throws Exception {
        proxy.add(Rule.always("POST", ".*/blobs/uploads/", Fault.setHeader("OCI-Chunk-Min-Length", "400000")));
        byte[] data = new byte[1_000_000];
        new Random(9).nextBytes(data);
        Descriptor d = Descriptor.of(MediaType.OCI_LAYER, data);
        try (RegistryClient c = client()) {
            RegistryRepository target = c.repository(proxy.hostPort(), "app/chunked");
            target.putBlob(d, () -> new ByteArrayInputStream(data), UploadOptions.chunked(100_000));
            try (InputStream in = target.openBlob(d)) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
        }
        List<RecordedRequest> patches = proxy.requests("PATCH", ".*");
        assertThat(patches).extracting(r -> r.header("Content-Range").orElse(""))
                .containsExactly("0-399999", "400000-799999", "800000-999999");
        assertThat(patches).extracting(r -> r.header("Content-Length").orElse(""))
                .containsExactly("400000", "400000", "200000");
    }

    @Test
    void aFailedUploadFromReopenableContentStartsOver() throws Exception {
        proxy.on("PUT", ".*/blobs/uploads/.+", 1, Fault.status(500));
        byte[] data = "retry me".getBytes();
        Descriptor d = Descriptor.of(MediaType.OCI_LAYER, data);
        int[] opened = {0};
        try (RegistryClient c = client()) {
            RegistryRepository target = c.repository(proxy.hostPort(), "app/retried");
            target.putBlob(d, () -> {
                opened[0]++;
                return new ByteArrayInputStream(data);
            });
            assertThat(target.headBlob(d.digest())).contains((long) data.length);
        }
        assertThat(opened[0]).isEqualTo(2);
        assertThat(proxy.requests("POST", ".*/blobs/uploads/")).hasSize(2);
    }

    @Test
    void aFailedUploadFromAStreamIsReportedRetryable() throws Exception {
        proxy.on("PUT", ".*/blobs/uploads/.+", 1, Fault.status(503));
        byte[] data = "one shot".getBytes();
        Descriptor d = Descriptor.of(MediaType.OCI_LAYER, data);
        try (RegistryClient c = client()) {
            assertThatThrownBy(() -> c.repository(proxy.hostPort(), "app/oneshot").putBlob(d,
                    new ByteArrayInputStream(data))).isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.operation()).isEqualTo("push blob");
                    });
        }
        assertThat(proxy.requests("PUT", ".*")).hasSize(1);
    }

    // ---- lists ---------------------------------------------------------------------------------------------

    @Test
    void pagesThroughTheCatalogAndTagsWithLinks() throws Exception {
        TestImage small = factory.smallImage(ImageFormat.OCI, "paged");
        for (int i = 0; i < 5; i++) {
            small.push(REGISTRY.url(), "paged/r" + i, "v1");
            small.push(REGISTRY.url(), "paged/tags", "t" + i);
        }
        try (RegistryClient c = client()) {
            List<String> repos = c.catalog(proxy.hostPort(), 2);
            assertThat(repos).contains("paged/r0", "paged/r1", "paged/r2", "paged/r3", "paged/r4", "paged/tags");
            Page first = c.catalogPage(proxy.hostPort(), 2, Optional.empty());
            assertThat(first.items()).hasSize(2);
            assertThat(first.next()).isPresent();
            Page second = c.catalogPage(proxy.hostPort(), 2, first.next());
            assertThat(second.items()).hasSize(2).doesNotContainAnyElementsOf(first.items());

            RegistryRepository tags = c.repository(proxy.hostPort(), "paged/tags");
            assertThat(tags.tags(2)).containsExactlyInAnyOrder("t0", "t1", "t2", "t3", "t4");
            assertThat(tags.tags()).containsExactlyInAnyOrder("t0", "t1", "t2", "t3", "t4");
        }
        List<RecordedRequest> catalog = proxy.requests("GET", "/v2/_catalog");
        assertThat(catalog.getFirst().query()).isEqualTo("n=2");
        assertThat(catalog.get(1).query()).contains("last=").contains("n=2");
        assertThat(proxy.requests("GET", "/v2/paged/tags/tags/list").getFirst().query()).isEqualTo("n=2");
        assertThatThrownBy(() -> {
            try (RegistryClient c = client()) {
                c.catalogPage(proxy.hostPort(), 2, Optional.of("https://evil.example/v2/_catalog"));
            }
        }).isInstanceOfSatisfying(AccessException.class, e -> assertThat(e.getMessage()).contains("cursor"));
    }
}
