package io.whittle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.MediaType;
import io.whittle.testkit.FaultProxy.Rule;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class FaultProxyTest {

    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.basic("alice", "secret");

    @TempDir
    static Path temp;

    static ImageFactory factory;
    static TestImage image;
    static Descriptor blob;

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    FaultProxy proxy;

    @BeforeAll
    static void seed() {
        factory = new ImageFactory(temp.resolve("store"));
        image = factory.image(ImageSpec.builder(ImageFormat.OCI)
                .layer(LayerSpec.builder().randomFile("data.bin", 300_000, 1)).build());
        image.push(REGISTRY.url(), "team/app", "v1", REGISTRY.credentials());
        blob = image.layerDescriptors().getFirst();
    }

    @BeforeEach
    void startProxy() {
        proxy = FaultProxy.start(REGISTRY.url());
    }

    @AfterEach
    void stopProxy() {
        proxy.stop();
    }

    static String auth() {
        return REGISTRY.credentials().orElseThrow().basicAuthorization();
    }

    static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth());
    }

    String blobUrl() {
        return proxy.url() + "/v2/team/app/blobs/" + blob.digest();
    }

    String manifestUrl() {
        return proxy.url() + "/v2/team/app/manifests/v1";
    }

    static HttpResponse<byte[]> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static byte[] blobBytes() throws IOException {
        return Files.readAllBytes(image.blobPath(blob.digest()));
    }

    @Test
    void passesPushesAndPullsThroughFaithfullyAndRecordsThem() throws Exception {
        TestImage other = factory.smallImage(ImageFormat.DOCKER, "through-proxy");
        assertThat(other.push(proxy.url(), "via/proxy", "v1", REGISTRY.credentials())).isEqualTo(other.digest());
        assertThat(proxy.requests("POST", "/v2/via/proxy/blobs/uploads/")).isNotEmpty();
        assertThat(proxy.requests("PUT", "/v2/via/proxy/blobs/uploads/.+"))
                .allSatisfy(r -> assertThat(r.query()).contains("digest=sha256"));
        assertThat(proxy.requests()).allSatisfy(r -> assertThat(r.fault()).isEmpty());

        byte[] raw = Skopeo.create().inspectRaw(Skopeo.docker(proxy.hostPort(), "via/proxy", "v1"),
                REGISTRY.credentials());
        assertThat(raw).isEqualTo(other.manifestBytes());

        HttpResponse<byte[]> manifest = send(request(manifestUrl()).header("Accept", MediaType.MANIFEST_ACCEPT));
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.body()).isEqualTo(image.manifestBytes());
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).contains(image.digest().toString());
        RecordedRequest recorded = proxy.requests("GET", "/v2/team/app/manifests/v1").getFirst();
        assertThat(recorded.header("authorization")).contains(auth());
        assertThat(recorded.header("Accept")).contains(MediaType.MANIFEST_ACCEPT);
        assertThat(recorded.status()).isEqualTo(200);

        HttpResponse<byte[]> unauthorized = send(HttpRequest.newBuilder(URI.create(proxy.url() + "/v2/")));
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(unauthorized.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Basic realm="));
    }

    @Test
    void streamsChunkedBodiesBothWays() throws Exception {
        // A PATCH with a body of unknown length goes out chunked; the registry must receive it whole.
        HttpResponse<byte[]> post = send(request(proxy.url() + "/v2/team/chunked/blobs/uploads/")
                .POST(HttpRequest.BodyPublishers.noBody()));
        String location = post.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(proxy.url());
        byte[] content = blobBytes();
        HttpResponse<byte[]> patch = send(request(location).header("Content-Type", "application/octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content))));
        assertThat(patch.statusCode()).isEqualTo(202);
        assertThat(proxy.requests("PATCH", ".*").getFirst().header("Transfer-Encoding")).contains("chunked");
        String next = patch.headers().firstValue("Location").orElseThrow();
        HttpResponse<byte[]> put = send(request(next + "&digest=" + blob.digest())
                .PUT(HttpRequest.BodyPublishers.noBody()));
        assertThat(put.statusCode()).isEqualTo(201);

        // A response without Content-Length arrives chunked and is relayed chunk by chunk.
        HttpServer chunky = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        chunky.createContext("/", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 50; i++) {
                    out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        chunky.start();
        try (FaultProxy p = FaultProxy.start("http://127.0.0.1:" + chunky.getAddress().getPort())) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(p.url() + "/x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("Transfer-Encoding")).contains("chunked");
            assertThat(r.body().lines()).hasSize(50).endsWith("line 49");
        } finally {
            chunky.stop(0);
        }
    }

    @Test
    void answers429WithRetryAfterSecondsOrDateTheFirstNTimes() throws Exception {
        FaultProxy.Trigger seconds = proxy.on("GET", "/v2/team/app/manifests/.*", 2,
                Fault.tooManyRequests(Duration.ofSeconds(3)));
        HttpRequest.Builder get = request(manifestUrl()).header("Accept", MediaType.MANIFEST_ACCEPT);
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> r = send(get);
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).contains("3");
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("TOOMANYREQUESTS");
        }
        assertThat(send(get).statusCode()).isEqualTo(200);
        assertThat(seconds.fired()).isEqualTo(2);
        assertThat(seconds.remaining()).isZero();

        Instant when = Instant.parse("2030-01-02T03:04:05Z");
        proxy.on("*", "/v2/", 1, Fault.tooManyRequestsUntil(when));
        HttpResponse<byte[]> dated = send(request(proxy.url() + "/v2/"));
        assertThat(dated.statusCode()).isEqualTo(429);
        String header = dated.headers().firstValue("Retry-After").orElseThrow();
        assertThat(header).isEqualTo("Wed, 2 Jan 2030 03:04:05 GMT");
        assertThat(ZonedDateTime.parse(header, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).isEqualTo(when);
        assertThat(proxy.requests("GET", "/v2/").getFirst().fault()).hasValueSatisfying(
                f -> assertThat(f).contains("429"));
    }

    @Test
    void answersServerErrorsTheFirstNTimesWithoutTouchingTheRegistry() throws Exception {
        proxy.on("HEAD", "/v2/team/app/blobs/.*", 1, Fault.status(500));
        proxy.on("HEAD", "/v2/team/app/blobs/.*", 1, Fault.status(502));
        proxy.on("HEAD", "/v2/team/app/blobs/.*", 1, Fault.status(503));
        HttpRequest.Builder head = request(blobUrl()).method("HEAD", HttpRequest.BodyPublishers.noBody());
        assertThat(send(head).statusCode()).isEqualTo(500);
        assertThat(send(head).statusCode()).isEqualTo(502);
        assertThat(send(head).statusCode()).isEqualTo(503);
        HttpResponse<byte[]> ok = send(head);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValueAsLong("Content-Length")).hasValue(blob.size());
        assertThat(proxy.requests("HEAD", ".*")).extracting(RecordedRequest::status).containsExactly(500, 502, 503, 200);
    }

    @Test
    void cutsABlobMidBodyAndTheRangeRetryGetsTheRest() throws Exception {
        proxy.on("GET", "/v2/team/app/blobs/sha256:.*", 1, Fault.cutBodyAfter(100_000));
        byte[] received = readUntilCut(blobUrl());
        assertThat(received).hasSize(100_000);

        HttpResponse<byte[]> rest = send(request(blobUrl()).header("Range", "bytes=100000-"));
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(proxy.requests("GET", "/v2/team/app/blobs/.*").getLast().header("Range")).contains("bytes=100000-");
        byte[] whole = new byte[received.length + rest.body().length];
        System.arraycopy(received, 0, whole, 0, received.length);
        System.arraycopy(rest.body(), 0, whole, received.length, rest.body().length);
        assertThat(Digest.sha256(whole)).isEqualTo(blob.digest());

        proxy.on("GET", "/v2/team/app/blobs/sha256:.*", 1, Fault.resetBodyAfter(10));
        assertThatThrownBy(() -> send(request(blobUrl()))).isInstanceOf(IOException.class);
        assertThat(send(request(blobUrl())).body()).isEqualTo(blobBytes());
    }

    /** Reads a response on a raw socket until the proxy closes it, returning the body bytes received. */
    byte[] readUntilCut(String url) throws IOException {
        URI u = URI.create(url);
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + u.getRawPath() + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort()
                    + "\r\nAuthorization: " + auth() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] all = s.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertThat(text).startsWith("HTTP/1.1 200").contains("Content-Length: " + blob.size());
            return Arrays.copyOfRange(all, end + 4, all.length);
        }
    }

    @Test
    void stallsMidBodyThenCarriesOn() throws Exception {
        proxy.on("GET", "/v2/team/app/blobs/.*", 1, Fault.stallBodyAfter(1000, Duration.ofMillis(1500)));
        long start = System.nanoTime();
        assertThat(send(request(blobUrl())).body()).isEqualTo(blobBytes());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));

        proxy.on("GET", "/v2/team/app/blobs/.*", 1, Fault.stallBodyAfter(1000, Duration.ofSeconds(20)));
        HttpClient impatient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> {
            HttpResponse<InputStream> r = impatient.send(request(blobUrl()).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                in.readNBytes(1000);
                // Stop the proxy while it stalls: the stalled connection must close promptly.
                proxy.stop();
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void delaysTheResponseHead() throws Exception {
        proxy.on("GET", "/v2/", 1, Fault.delay(Duration.ofSeconds(5)));
        assertThatThrownBy(() -> HTTP.send(request(proxy.url() + "/v2/").timeout(Duration.ofMillis(500)).build(),
                HttpResponse.BodyHandlers.discarding())).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void replacesBodiesAndHeaders() throws Exception {
        HttpRequest.Builder get = request(manifestUrl()).header("Accept", MediaType.MANIFEST_ACCEPT);
        byte[] oversized = new byte[5 * 1024 * 1024];
        Arrays.fill(oversized, (byte) ' ');
        proxy.on("GET", "/v2/team/app/manifests/v1", 1, Fault.replaceBody(oversized));
        HttpResponse<byte[]> big = send(get);
        assertThat(big.body()).hasSize(oversized.length);
        assertThat(big.headers().firstValueAsLong("Content-Length")).hasValue(oversized.length);
        assertThat(big.headers().firstValue("Docker-Content-Digest")).contains(image.digest().toString());

        proxy.on("GET", "/v2/team/app/manifests/v1", 1, Fault.replaceBody("{\"schemaVersion\":2}"));
        HttpResponse<byte[]> tampered = send(get);
        assertThat(Digest.sha256(tampered.body())).isNotEqualTo(image.digest());
        assertThat(tampered.headers().firstValue("Docker-Content-Digest")).contains(image.digest().toString());

        Digest wrong = Digest.sha256("wrong".getBytes(StandardCharsets.UTF_8));
        proxy.on("GET", "/v2/team/app/manifests/v1", 1, Fault.setHeader("Docker-Content-Digest", wrong.toString()));
        HttpResponse<byte[]> lying = send(get);
        assertThat(lying.body()).isEqualTo(image.manifestBytes());
        assertThat(lying.headers().allValues("Docker-Content-Digest")).containsExactly(wrong.toString());

        proxy.on("GET", "/v2/team/app/manifests/v1", 1, Fault.removeHeader("Docker-Content-Digest"));
        assertThat(send(get).headers().firstValue("Docker-Content-Digest")).isEmpty();
        assertThat(send(get).headers().firstValue("Docker-Content-Digest")).contains(image.digest().toString());
    }

    @Test
    void redirectsBlobsToAnotherHostThatRecordsWhatItWasSent() throws Exception {
        try (BlobHost cdn = BlobHost.start("127.0.0.2", factory.root())) {
            proxy.add(Rule.always("GET", "/v2/.+/blobs/sha256:.+", Fault.redirectPreservingPath(cdn.url())));
            HttpResponse<byte[]> redirect = send(request(blobUrl()));
            assertThat(redirect.statusCode()).isEqualTo(307);
            String location = redirect.headers().firstValue("Location").orElseThrow();
            assertThat(location).isEqualTo(cdn.url() + "/v2/team/app/blobs/" + blob.digest());

            // A careful client follows without Authorization; the blob host sees what arrived.
            HttpResponse<byte[]> followed = send(HttpRequest.newBuilder(URI.create(location)));
            assertThat(followed.statusCode()).isEqualTo(200);
            assertThat(followed.body()).isEqualTo(blobBytes());
            HttpResponse<byte[]> ranged = send(HttpRequest.newBuilder(URI.create(location)).header("Range", "bytes=10-"));
            assertThat(ranged.statusCode()).isEqualTo(206);
            assertThat(ranged.headers().firstValue("Content-Range")).contains("bytes 10-" + (blob.size() - 1) + "/"
                    + blob.size());
            assertThat(ranged.body()).isEqualTo(Arrays.copyOfRange(blobBytes(), 10, (int) blob.size()));
            HttpResponse<byte[]> head = send(HttpRequest.newBuilder(URI.create(location))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(blob.size());
            assertThat(cdn.requests()).hasSize(3).allSatisfy(r -> assertThat(r.hasHeader("Authorization")).isFalse());

            // A careless one leaks the header, and the blob host shows it.
            send(request(location));
            assertThat(cdn.requests().getLast().header("Authorization")).contains(auth());
            assertThat(send(HttpRequest.newBuilder(URI.create(cdn.url() + "/v2/x/blobs/sha256:"
                    + "0".repeat(64)))).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void redirectsToArbitraryAddressesAndRewritesRealms() throws Exception {
        proxy.on("GET", "/v2/team/app/blobs/.*", 1, Fault.redirect("http://169.254.169.254/latest/meta-data/"));
        HttpResponse<byte[]> r = send(request(blobUrl()));
        assertThat(r.statusCode()).isEqualTo(307);
        assertThat(r.headers().firstValue("Location")).contains("http://169.254.169.254/latest/meta-data/");

        proxy.add(Rule.always("*", "/v2/.*", Fault.rewriteRealm("http://169.254.169.254/token")));
        HttpResponse<byte[]> challenge = send(HttpRequest.newBuilder(URI.create(proxy.url() + "/v2/")));
        assertThat(challenge.statusCode()).isEqualTo(401);
        assertThat(challenge.headers().firstValue("WWW-Authenticate"))
                .contains("Basic realm=\"http://169.254.169.254/token\"");
        assertThat(FaultProxy.rewriteRealm("Bearer realm=\"http://a/token\",service=\"reg\",scope=\"x\"", "http://b/t"))
                .isEqualTo("Bearer realm=\"http://b/t\",service=\"reg\",scope=\"x\"");
    }

    @Test
    void answersExpectContinueItselfAndStopClosesTheListener() throws Exception {
        URI u = URI.create(proxy.url());
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /v2/team/expect/blobs/uploads/ HTTP/1.1\r\nHost: " + proxy.hostPort()
                    + "\r\nAuthorization: " + auth() + "\r\nExpect: 100-continue\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(text).startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202");
        }
        assertThat(proxy.requests("POST", ".*").getFirst().header("Expect")).contains("100-continue");
        proxy.stop();
        // Stopped, the proxy serves nothing more: a connection is refused, or (when another process on this busy
        // machine has just been given the freed port) reaches something that is not this proxy.
        int before = proxy.requests("GET", ".*").size();
        try (Socket again = new Socket(u.getHost(), u.getPort())) {
            again.setSoTimeout(2_000);
            again.getOutputStream().write(("GET /v2/ HTTP/1.1\r\nHost: " + proxy.hostPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            again.getInputStream().readAllBytes();
        } catch (IOException refused) {
            // the usual case
        }
        assertThat(proxy.requests("GET", ".*")).hasSize(before);
    }

    @Test
    void rulesValidateTheirArguments() {
        assertThatThrownBy(() -> Rule.times("GET", ".*", 0, Fault.status(500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.status(100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultProxy.start("https://example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultProxy.start(REGISTRY.url(), "10.0.0.1", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(proxy.toString()).contains(REGISTRY.url());
    }
}
