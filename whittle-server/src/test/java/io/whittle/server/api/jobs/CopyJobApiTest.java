package io.whittle.server.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Platform;
import io.whittle.server.api.registry.ConnectorFixtures;
import io.whittle.server.testing.Client;
import io.whittle.server.testing.TestServer;
import io.whittle.server.testing.TestUser;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.Fault;
import io.whittle.testkit.FaultProxy;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.Skopeo;
import io.whittle.testkit.TestImage;
import io.whittle.testkit.TestIndex;
import io.whittle.testkit.ToolException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The copy job over real HTTP between two real registries: its progress streamed as server-sent events, the copy
 * checked with skopeo, a cancellation that stops a stalled transfer, and a server stopped mid-copy whose successor
 * finishes the job exactly once.
 */
class CopyJobApiTest {
    private static final Credentials SOURCE_USER = Credentials.of("reader", "s3cret-copy-source-4e1b");
    private static final Credentials TARGET_USER = Credentials.of("writer", "s3cret-copy-target-a8d3");
    private static final String BLOBS = "/v2/.+/blobs/sha256:.+";

    @RegisterExtension
    static final RegistryExtension SOURCE = RegistryExtension.basic(SOURCE_USER.username(), SOURCE_USER.password());

    @RegisterExtension
    static final RegistryExtension TARGET = RegistryExtension.basic(TARGET_USER.username(), TARGET_USER.password());

    private static final ImageFactory IMAGES = ImageFactory.temporary();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        IMAGES.close();
    }

    @Test
    void anIndexIsCopiedWithProgressStreamedAsEvents() throws Exception {
        TestIndex index = IMAGES.multiPlatform(ImageFormat.OCI, "copy-events", Platform.of("linux", "amd64"),
                Platform.of("linux", "arm64", "v8"));
        index.push(SOURCE.url(), "team/multi", "1", Optional.of(SOURCE_USER));
        TestUser ann = server.user("ann");
        String token = server.token(ann);
        Client client = server.withToken(token);
        // Each blob comes slowly, so the job runs long enough to report progress on the way.
        try (FaultProxy slow = FaultProxy.start(SOURCE.url())) {
            slow.add(FaultProxy.Rule.always("GET", BLOBS, Fault.delay(Duration.ofMillis(400))));
            String from = ConnectorFixtures.addGeneric(client, "source", slow.hostPort(), Optional.of(SOURCE_USER));
            String to = ConnectorFixtures.addGeneric(client, "target", TARGET.hostPort(), Optional.of(TARGET_USER));

            JsonNode job = client.post("/api/v1/jobs", copy(from, "team/multi:1", to, "mirror/multi:1", "all"))
                    .expect(202).json();
            String id = job.get("id").asText();
            assertThat(job.get("kind").asText()).isEqualTo("copy");
            assertThat(job.get("state").asText()).isIn("queued", "running");
            assertThat(job.get("parameters").get("source").get("reference").asText())
                    .isEqualTo(slow.hostPort() + "/team/multi:1");

            EventStream.Opened stream = EventStream.open(server.baseUrl().resolve("/api/v1/jobs/" + id + "/events"),
                    token);
            HttpResponse<Stream<String>> head = stream.head();
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                    assertThat(t).startsWith("text/event-stream"));
            List<JsonNode> events = stream.events(Duration.ofSeconds(60));

            assertThat(events).isNotEmpty();
            JsonNode last = events.getLast();
            assertThat(last.get("state").asText()).isEqualTo("succeeded");
            assertThat(events.subList(0, events.size() - 1)).allSatisfy(e ->
                    assertThat(e.get("state").asText()).isIn("queued", "running"));
            assertThat(events).anySatisfy(e -> {
                assertThat(e.get("state").asText()).isEqualTo("running");
                assertThat(e.get("progress").get("message").asText()).matches("\\d+ of \\d+ bytes, \\d+ of 4 blobs");
            });
            List<Integer> percents = events.stream().map(e -> e.get("progress").get("percent").asInt()).toList();
            assertThat(percents).isSorted();
            assertThat(last.get("progress").get("percent").asInt()).isEqualTo(100);
            assertThat(last.get("progress").get("message").asText()).matches("(\\d+) of \\1 bytes, 4 of 4 blobs");

            // The result is what 'whittle copy -o json' prints.
            JsonNode result = last.get("result");
            assertThat(result.get("source").asText()).isEqualTo(slow.hostPort() + "/team/multi:1");
            assertThat(result.get("destination").asText()).isEqualTo(TARGET.hostPort() + "/mirror/multi:1");
            assertThat(result.get("digest").asText()).isEqualTo(index.digest().toString());
            assertThat(result.get("platforms").asText()).isEqualTo("all platforms");
            assertThat(result.get("blobs").get("copied").asInt()).isEqualTo(4);
            assertThat(result.get("manifestsWritten").asInt()).isEqualTo(3);
            assertThat(result.has("bytesSent") && result.has("seconds")).isTrue();
        }

        assertThat(Skopeo.create().digest(Skopeo.docker(TARGET.hostPort(), "mirror/multi", "1"),
                Optional.of(TARGET_USER))).isEqualTo(index.digest());
        assertThat(Skopeo.create().inspectRaw(Skopeo.docker(TARGET.hostPort(), "mirror/multi", "1"),
                Optional.of(TARGET_USER))).isEqualTo(index.indexBytes());

        // The copy's bytes and registry calls are in the server's metrics.
        String metrics = server.as(server.admin("ops")).get("/metrics").expect(200).body();
        assertThat(metrics).containsPattern("whittle_registry_bytes_total\\{direction=\"pushed\",provider=\"generic\"} "
                + "[1-9]").containsPattern("whittle_registry_bytes_total\\{direction=\"pulled\",provider=\"generic\"} "
                + "[1-9]").contains("whittle_registry_calls_total{outcome=\"success\",provider=\"generic\"}");

        // Listed, shown, and answered unchanged when cancelled after it finished.
        JsonNode list = client.get("/api/v1/jobs").expect(200).json();
        String id = list.get("items").get(0).get("id").asText();
        assertThat(client.get("/api/v1/jobs/" + id).expect(200).json().get("state").asText()).isEqualTo("succeeded");
        assertThat(client.post("/api/v1/jobs/" + id + "/cancel", null).expect(200).json().get("state").asText())
                .isEqualTo("succeeded");
        // A finished job's stream gives the job once and closes.
        List<JsonNode> again = EventStream.open(server.baseUrl().resolve("/api/v1/jobs/" + id + "/events"), token)
                .events(Duration.ofSeconds(10));
        assertThat(again).hasSize(1);
        assertThat(again.getFirst().get("state").asText()).isEqualTo("succeeded");
    }

    @Test
    void aCancelledCopyStopsEvenWhileATransferIsStalled() throws Exception {
        TestImage image = IMAGES.largeImage(ImageFormat.OCI, 1, 256 * 1024, 7001);
        image.push(SOURCE.url(), "team/stalled", "1", Optional.of(SOURCE_USER));
        TestUser bea = server.user("bea");
        Client client = server.as(bea);
        try (FaultProxy stalled = FaultProxy.start(SOURCE.url())) {
            stalled.add(FaultProxy.Rule.always("GET", BLOBS, Fault.stallBodyAfter(1024, Duration.ofSeconds(120))));
            String from = ConnectorFixtures.addGeneric(client, "source", stalled.hostPort(), Optional.of(SOURCE_USER));
            String to = ConnectorFixtures.addGeneric(client, "target", TARGET.hostPort(), Optional.of(TARGET_USER));
            String id = client.post("/api/v1/jobs", copy(from, "team/stalled:1", to, "mirror/stalled:1", null))
                    .expect(202).json().get("id").asText();
            await(() -> !stalled.requests("GET", BLOBS).isEmpty(), Duration.ofSeconds(30));
            assertThat(state(client, id)).isEqualTo("running");

            Instant asked = Instant.now();
            JsonNode cancelling = client.post("/api/v1/jobs/" + id + "/cancel", null).expect(200).json();
            assertThat(cancelling.get("state").asText()).isIn("running", "cancelled");
            await(() -> state(client, id).equals("cancelled"), Duration.ofSeconds(20));
            assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(20));
        }
        assertThatThrownBy(() -> Skopeo.create().inspectRaw(Skopeo.docker(TARGET.hostPort(), "mirror/stalled", "1"),
                Optional.of(TARGET_USER))).isInstanceOf(ToolException.class);
    }

    @Test
    void aCopyThatWasRunningWhenTheServerStoppedFinishesOnceAfterARestart() throws Exception {
        TestImage image = IMAGES.largeImage(ImageFormat.OCI, 2, 256 * 1024, 9001);
        image.push(SOURCE.url(), "team/restart", "1", Optional.of(SOURCE_USER));
        TestUser cy = server.user("cy");
        String token = server.token(cy);
        try (FaultProxy source = FaultProxy.start(SOURCE.url()); FaultProxy target = FaultProxy.start(TARGET.url())) {
            // The first run stalls in a blob; the second runs through.
            source.add(FaultProxy.Rule.times("GET", BLOBS, 1, Fault.stallBodyAfter(0, Duration.ofSeconds(120))));
            Client client = server.withToken(token);
            String from = ConnectorFixtures.addGeneric(client, "source", source.hostPort(), Optional.of(SOURCE_USER));
            String to = ConnectorFixtures.addGeneric(client, "target", target.hostPort(), Optional.of(TARGET_USER));
            String id = client.post("/api/v1/jobs", copy(from, "team/restart:1", to, "mirror/restart:1", "all"))
                    .expect(202).json().get("id").asText();
            await(() -> !source.requests("GET", BLOBS).isEmpty(), Duration.ofSeconds(30));
            assertThat(state(client, id)).isEqualTo("running");

            server.restart();

            Client after = server.withToken(token);
            await(() -> state(after, id).equals("succeeded"), Duration.ofSeconds(90));
            JsonNode job = after.get("/api/v1/jobs/" + id).expect(200).json();
            assertThat(job.get("attempts").asInt()).isEqualTo(2);
            assertThat(job.get("result").get("digest").asText()).isEqualTo(image.digest().toString());
            // Exactly once: the image's manifest was written one time, by the run that finished.
            assertThat(target.requests("PUT", "/v2/mirror/restart/manifests/.+")).hasSize(1);
        }
        assertThat(Skopeo.create().digest(Skopeo.docker(TARGET.hostPort(), "mirror/restart", "1"),
                Optional.of(TARGET_USER))).isEqualTo(image.digest());
    }

    @Test
    void wrongParametersAreRefusedBeforeTheJobIsQueued() {
        TestUser dee = server.user("dee");
        Client client = server.as(dee);
        String to = ConnectorFixtures.addGeneric(client, "target", TARGET.hostPort(), Optional.of(TARGET_USER));
        JsonNode missing = client.post("/api/v1/jobs", Map.of("kind", "copy", "parameters", Map.of()))
                .expect(422).json();
        assertThat(missing.get("errors")).extracting(e -> e.get("field").asText())
                .containsExactly("parameters.source", "parameters.target");

        JsonNode unknown = client.post("/api/v1/jobs", copy("generic.0000000000", "team/app:1", to, "team/app@sha256:"
                + "a".repeat(64), "linux")).expect(422).json();
        assertThat(unknown.get("errors")).extracting(e -> e.get("field").asText())
                .containsExactly("parameters.platforms");
        JsonNode refs = client.post("/api/v1/jobs", copy("generic.0000000000", "team/app:1", to, "team/app@sha256:"
                + "a".repeat(64), "all")).expect(422).json();
        assertThat(refs.get("errors")).extracting(e -> e.get("field").asText())
                .containsExactly("parameters.source.connector", "parameters.target.reference");
        assertThat(refs.get("errors").get(1).get("message").asText()).contains("names a digest: name a tag");

        client.post("/api/v1/jobs", Map.of("kind", "nope")).expect(422);
        client.post("/api/v1/jobs", Map.of("parameters", Map.of())).expect(422);
        assertThat(client.get("/api/v1/jobs").expect(200).json().get("items")).isEmpty();
        client.get("/api/v1/jobs/not-a-uuid").expect(400);
        client.get("/api/v1/jobs/00000000-0000-0000-0000-000000000000").expect(404);
        client.get("/api/v1/jobs/00000000-0000-0000-0000-000000000000/events").expect(406);
    }

    static Map<String, Object> copy(String from, String source, String to, String target, String platforms) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("source", Map.of("connector", from, "reference", source));
        parameters.put("target", Map.of("connector", to, "reference", target));
        if (platforms != null) {
            parameters.put("platforms", platforms);
        }
        return Map.of("kind", "copy", "parameters", parameters);
    }

    static String state(Client client, String id) {
        return client.get("/api/v1/jobs/" + id).expect(200).json().get("state").asText();
    }

    static void await(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not reached within " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
