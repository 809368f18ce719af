package io.whittle.server.api.xray;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Digest;
import io.whittle.server.api.registry.ConnectorFixtures;
import io.whittle.server.testing.Client;
import io.whittle.server.testing.Response;
import io.whittle.server.testing.TestServer;
import io.whittle.server.testing.TestUser;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.Fault;
import io.whittle.testkit.FaultProxy;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.TestImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * X-ray through the API against a real registry: the job, the stored report in each format, the file explorer and
 * previews, the problems for every wrong input, and reports that stay in their organization.
 */
class XrayApiTest {
    private static final Credentials ROBOT = Credentials.of("robot", "s3cret-xray-api-7c2d");

    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.basic(ROBOT.username(), ROBOT.password());

    private static final ImageFactory IMAGES = ImageFactory.temporary();
    private static TestServer server;
    private static TestUser ann;
    private static Client client;
    private static String connector;
    private static TestImage image;
    private static String report;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        ann = server.user("ann");
        client = server.as(ann);
        connector = ConnectorFixtures.addGeneric(client, "registry", REGISTRY.hostPort(), Optional.of(ROBOT));
        image = XrayFixtures.image(IMAGES, "api");
        image.push(REGISTRY.url(), "team/app", "1", Optional.of(ROBOT));
        report = xray(client, "team/app:1");
    }

    @AfterAll
    static void stop() {
        server.close();
        IMAGES.close();
    }

    /** Runs an X-ray to its end and returns the report id. */
    private static String xray(Client c, String reference) {
        Response submitted = c.post("/api/v1/xray", XrayFixtures.request(connector, reference)).expect(202);
        JsonNode job = submitted.json();
        assertThat(job.get("kind").asText()).isEqualTo("xray");
        assertThat(submitted.header("Location")).contains("/api/v1/jobs/" + job.get("id").asText());
        JsonNode done = XrayFixtures.await(c, job.get("id").asText());
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.get("progress").get("percent").asInt()).isEqualTo(100);
        JsonNode result = done.get("result");
        assertThat(result.get("url").asText()).isEqualTo("/api/v1/xray-reports/" + result.get("report").asText());
        return result.get("report").asText();
    }

    @Test
    void theReportIsTheJsonDocumentOfTheImage() {
        JsonNode doc = client.get("/api/v1/xray-reports/" + report).expect(200).json();
        assertThat(doc.get("schema").asText()).isEqualTo("whittle.xray/v1");
        assertThat(doc.at("/image/digest").asText()).isEqualTo(image.digest().toString());
        assertThat(doc.at("/image/reference").asText()).isEqualTo(REGISTRY.hostPort() + "/team/app:1");
        assertThat(doc.at("/image/platform").asText()).isEqualTo("linux/amd64");
        assertThat(doc.get("layers")).hasSize(2);
        assertThat(doc.at("/layers/1/added/count").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(doc.at("/layers/1/removed/count").asLong()).isEqualTo(1);
        assertThat(doc.at("/os/id").asText()).isEqualTo("alpine");

        JsonNode summary = client.get("/api/v1/xray-reports/" + report + "/summary").expect(200).json();
        assertThat(summary.get("imageDigest").asText()).isEqualTo(image.digest().toString());
        assertThat(summary.get("layers").asInt()).isEqualTo(2);
        assertThat(summary.get("connector").asText()).isEqualTo(connector);

        JsonNode list = client.get("/api/v1/xray-reports").expect(200).json();
        assertThat(list.get("items")).extracting(i -> i.get("id").asText()).contains(report);
        JsonNode ofImage = client.get("/api/v1/xray-reports?image=" + image.digest()).expect(200).json();
        assertThat(ofImage.get("items")).isNotEmpty().allSatisfy(i ->
                assertThat(i.get("imageDigest").asText()).isEqualTo(image.digest().toString()));
        assertThat(client.get("/api/v1/xray-reports?image=sha256:" + "0".repeat(64)).expect(200).json().get("items"))
                .isEmpty();
    }

    @Test
    void theReportIsServedAsHtmlAndBothSboms() throws Exception {
        Response html = client.get("/api/v1/xray-reports/" + report + "/html").expect(200);
        assertThat(html.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(html.body()).contains("<html").contains("team/app");
        assertThat(html.header("Content-Security-Policy")).hasValueSatisfying(p ->
                assertThat(p).contains("default-src 'none'").contains("frame-ancestors 'none'"));
        assertThat(html.header("Content-Disposition")).isEmpty();
        assertThat(client.get("/api/v1/xray-reports/" + report + "/html?download=true").expect(200)
                .header("Content-Disposition")).hasValueSatisfying(d ->
                assertThat(d).startsWith("attachment; filename=\"app-").endsWith("-xray.html\""));

        Response cdx = client.get("/api/v1/xray-reports/" + report + "/sbom?format=cyclonedx").expect(200);
        assertThat(cdx.header("Content-Type")).hasValueSatisfying(t ->
                assertThat(t).startsWith("application/vnd.cyclonedx+json"));
        assertThat(cdx.header("Content-Disposition")).hasValueSatisfying(d ->
                assertThat(d).startsWith("attachment; filename=\"app-").endsWith(".cdx.json\""));
        JsonNode bom = cdx.json();
        assertThat(bom.get("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(bom.get("specVersion").asText()).isEqualTo("1.6");

        Response spdx = client.get("/api/v1/xray-reports/" + report + "/sbom?format=SPDX").expect(200);
        assertThat(spdx.header("Content-Type")).hasValueSatisfying(t ->
                assertThat(t).startsWith("application/spdx+json"));
        assertThat(spdx.json().get("spdxVersion").asText()).isEqualTo("SPDX-2.3");

        problem(client.get("/api/v1/xray-reports/" + report + "/sbom?format=xml"), 400, "cyclonedx or spdx");
        problem(client.get("/api/v1/xray-reports/" + report + "/sbom"), 400, "?format=cyclonedx");
    }

    @Test
    void theExplorerListsEachLayersChangesAndTheMergedFileSystem() {
        JsonNode etc0 = client.get("/api/v1/xray-reports/" + report + "/files?layer=0&dir=/etc").expect(200).json();
        assertThat(names(etc0)).containsExactly("motd", "os-release");
        assertThat(entry(etc0, "os-release").get("change").asText()).isEqualTo("added");
        assertThat(entry(etc0, "os-release").get("path").asText()).isEqualTo("/etc/os-release");
        assertThat(entry(etc0, "os-release").get("size").asLong()).isEqualTo(XrayFixtures.OS_RELEASE.length());

        JsonNode root1 = client.get("/api/v1/xray-reports/" + report + "/files?layer=1").expect(200).json();
        assertThat(names(root1)).as("directories first").containsExactly("app", "etc", "big.txt");
        assertThat(entry(root1, "big.txt").get("change").asText()).isEqualTo("removed");
        assertThat(entry(root1, "big.txt").get("kind").asText()).isEqualTo("whiteout");
        JsonNode etc1 = client.get("/api/v1/xray-reports/" + report + "/files?layer=1&dir=etc/").expect(200).json();
        assertThat(entry(etc1, "motd").get("change").asText()).isEqualTo("modified");

        JsonNode merged = client.get("/api/v1/xray-reports/" + report + "/files").expect(200).json();
        assertThat(names(merged)).containsExactly("app", "bin", "etc");
        JsonNode bin = client.get("/api/v1/xray-reports/" + report + "/files?layer=merged&dir=/bin").expect(200).json();
        assertThat(entry(bin, "sh").get("kind").asText()).isEqualTo("symlink");
        assertThat(entry(bin, "sh").get("linkTarget").asText()).isEqualTo("tool");
        assertThat(entry(bin, "tool").get("mode").asText()).isEqualTo("755");
        JsonNode motd = entry(client.get("/api/v1/xray-reports/" + report + "/files?dir=/etc").expect(200).json(),
                "motd");
        assertThat(motd.get("layer").asInt()).as("the version the merged file system shows").isEqualTo(1);

        JsonNode found = client.get("/api/v1/xray-reports/" + report + "/files?q=HELLO").expect(200).json();
        assertThat(found).extracting(f -> f.get("path").asText()).containsExactly("/app/hello.txt");

        problem(client.get("/api/v1/xray-reports/" + report + "/files?layer=2"), 400, "2 layers");
        problem(client.get("/api/v1/xray-reports/" + report + "/files?layer=x"), 400, "layer=0 to 1");
    }

    @Test
    void smallTextFilesArePreviewedAndEverythingElseIsAClearProblem() {
        String base = "/api/v1/xray-reports/" + report + "/file?layer=";
        Response text = client.get(base + "0&path=/etc/os-release").expect(200);
        assertThat(text.body()).isEqualTo(XrayFixtures.OS_RELEASE);
        assertThat(text.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(text.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(client.get(base + "1&path=etc/motd").expect(200).body()).isEqualTo("Changed api\n");
        assertThat(client.get(base + "0&path=/etc/motd").expect(200).body()).isEqualTo("Welcome api\n");

        problem(client.get(base + "0&path=/bin/tool"), 415, "binary");
        problem(client.get(base + "0&path=/bin/sh"), 415, "symlink");
        problem(client.get(base + "0&path=/big.txt"), 413, "64 KiB");
        problem(client.get(base + "1&path=/big.txt"), 404, "deletes /big.txt");
        problem(client.get(base + "0&path=/nothing/here"), 404, "Layer 0 has no /nothing/here");
        problem(client.get(base + "0&path=/etc"), 400, "is a directory");
        problem(client.get(base + "0"), 400, "?path=");
        problem(client.get("/api/v1/xray-reports/" + report + "/file?path=/etc/motd"), 400, "?layer=");
        problem(client.get(base + "merged&path=/etc/motd"), 400, "one layer");
    }

    @Test
    void wrongInputsAreProblemsThatSayWhatToDo() {
        Response unknown = client.post("/api/v1/xray", XrayFixtures.request("generic.zzzzzzzzzz", "team/app:1"));
        problem(unknown, 422, "");
        assertThat(unknown.json().get("errors").get(0).get("field").asText()).isEqualTo("connector");

        Response noReference = client.post("/api/v1/xray", Map.of("connector", connector));
        problem(noReference, 422, "'reference' is required");

        Response badPlatform = client.post("/api/v1/xray", Map.of("connector", connector, "reference", "team/app:1",
                "platform", "not a platform"));
        problem(badPlatform, 422, "");
        assertThat(badPlatform.json().get("errors").get(0).get("field").asText()).isEqualTo("platform");

        problem(client.get("/api/v1/xray-reports/not-an-id"), 400, "not an X-ray report id");
        problem(client.get("/api/v1/xray-reports/3f2b8c1e-7d4a-4f6b-9c2e-1a5d8e0b7c94"), 404,
                "no X-ray report 3f2b8c1e-7d4a-4f6b-9c2e-1a5d8e0b7c94");

        // A missing image fails the job with the registry's sentence.
        JsonNode job = client.post("/api/v1/xray", XrayFixtures.request(connector, "team/app:missing")).expect(202)
                .json();
        JsonNode failed = XrayFixtures.await(client, job.get("id").asText());
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).isNotBlank().endsWith(".");
    }

    @Test
    void reportsStayInTheirOrganizationAndCanBeDeleted() {
        TestUser bob = server.user("bob");
        Client other = server.as(bob);
        String path = "/api/v1/xray-reports/" + report;
        for (String p : List.of(path, path + "/summary", path + "/html", path + "/sbom?format=spdx",
                path + "/files", path + "/file?layer=0&path=/etc/motd")) {
            problem(other.get(p), 404, "no X-ray report");
        }
        problem(other.delete(path), 404, "no X-ray report");
        assertThat(other.get("/api/v1/xray-reports").expect(200).json().get("items")).isEmpty();
        // Nor can another organization X-ray through this organization's connector.
        problem(other.post("/api/v1/xray", XrayFixtures.request(connector, "team/app:1")), 422, "");

        // A second X-ray of the same image reads its layers from the cache and makes a report of its own.
        String again = xray(client, REGISTRY.hostPort() + "/team/app:1");
        assertThat(again).isNotEqualTo(report);
        JsonNode analysis = client.get("/api/v1/xray-reports/" + again).expect(200).json().get("analysis");
        assertThat(analysis.get("layersCached").asInt()).isEqualTo(2);
        assertThat(analysis.get("layersRead").asInt()).isZero();

        client.delete("/api/v1/xray-reports/" + again).expect(204);
        problem(client.get("/api/v1/xray-reports/" + again), 404, "no X-ray report");
        problem(client.delete("/api/v1/xray-reports/" + again), 404, "no X-ray report");
        assertThat(client.get(path).status()).isEqualTo(200);
    }

    @Test
    void aCancelledXrayStopsEvenWhileALayerIsStalled() {
        TestImage big = IMAGES.largeImage(ImageFormat.OCI, 1, 256 * 1024, 4242);
        big.push(REGISTRY.url(), "team/stalled", "1", Optional.of(ROBOT));
        try (FaultProxy stalled = FaultProxy.start(REGISTRY.url())) {
            stalled.add(FaultProxy.Rule.always("GET", "/v2/.+/blobs/sha256:.+", Fault.stallBodyAfter(1024,
                    Duration.ofSeconds(120))));
            String through = ConnectorFixtures.addGeneric(client, "stalled", stalled.hostPort(), Optional.of(ROBOT));
            String id = client.post("/api/v1/xray", XrayFixtures.request(through, "team/stalled:1")).expect(202)
                    .json().get("id").asText();
            Instant until = Instant.now().plusSeconds(30);
            while (stalled.requests("GET", "/v2/.+/blobs/sha256:.+").size() < 2 && Instant.now().isBefore(until)) {
                Thread.onSpinWait();
            }
            assertThat(client.get("/api/v1/jobs/" + id).expect(200).json().get("state").asText()).isEqualTo("running");
            Instant asked = Instant.now();
            client.post("/api/v1/jobs/" + id + "/cancel", null).expect(200);
            JsonNode ended = XrayFixtures.await(client, id);
            assertThat(ended.get("state").asText()).isEqualTo("cancelled");
            assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void layerScansAreCachedInTheDataDirectory() throws Exception {
        Path cache = server.dataDir().resolve("cache").resolve("xray-layers");
        try (Stream<Path> files = Files.list(cache)) {
            List<Path> scans = new ArrayList<>(files.toList());
            assertThat(scans).hasSizeGreaterThanOrEqualTo(2);
            for (Digest layer : image.layerDescriptors().stream().map(d -> d.digest()).toList()) {
                assertThat(scans).anySatisfy(f -> assertThat(f.getFileName().toString()).contains(layer.hex()));
            }
        }
    }

    private static void problem(Response r, int status, String detailContains) {
        assertThat(r.status()).as(r.method() + " " + r.path() + ": " + r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).hasValueSatisfying(t ->
                assertThat(t).startsWith("application/problem+json"));
        JsonNode p = r.json();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("detail").asText()).contains(detailContains).endsWith(".");
    }

    private static List<String> names(JsonNode listing) {
        List<String> out = new ArrayList<>();
        listing.forEach(e -> out.add(e.get("name").asText()));
        return out;
    }

    private static JsonNode entry(JsonNode listing, String name) {
        for (JsonNode e : listing) {
            if (e.get("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no " + name + " in " + listing);
    }
}
