package io.whittle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Platform;
import io.whittle.testkit.FaultProxy;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.Skopeo;
import io.whittle.testkit.TestImage;
import io.whittle.testkit.TestIndex;
import io.whittle.testkit.Umoci;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code whittle copy} between two real registries (on two loopback addresses, so no mounting between them)
 * and OCI layouts, with every result read back by skopeo or umoci.
 */
class CopyCommandTest {

    @RegisterExtension
    static final RegistryExtension SOURCE = RegistryExtension.noAuth();

    @RegisterExtension
    static final RegistryExtension TARGET = RegistryExtension.noAuth().onHost("127.0.0.2");

    static ImageFactory factory;
    static TestImage image;
    static TestIndex index;
    static String src;
    static String dst;
    final Skopeo skopeo = Skopeo.create();

    @TempDir
    Path temp;

    @BeforeAll
    static void push() {
        factory = ImageFactory.temporary();
        image = factory.smallImage(ImageFormat.OCI, "copy-single");
        image.push(SOURCE.server().url(), "app/single", "v1");
        index = factory.multiPlatform(ImageFormat.OCI, "copy-index", Platform.of("linux", "amd64"),
                Platform.of("linux", "arm64", "v8"), Platform.of("linux", "s390x"));
        index.push(SOURCE.server().url(), "app/multi", "v1");
        src = SOURCE.server().hostPort();
        dst = TARGET.server().hostPort();
    }

    @AfterAll
    static void clean() {
        factory.close();
    }

    @Test
    void copiesASingleImageBetweenRegistries() {
        Cli.Result r = Cli.run("copy", "-o", "json", src + "/app/single:v1", dst + "/copied/single:v1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = r.json();
        assertThat(j.path("digest").asText()).isEqualTo(image.digest().toString());
        assertThat(j.path("blobs").path("copied").asInt()).isEqualTo(image.blobs().size());
        assertThat(j.path("bytesSent").asLong()).isEqualTo(image.blobs().stream().mapToLong(Descriptor::size).sum());
        assertThat(skopeo.inspectRaw(Skopeo.docker(dst, "copied/single", "v1"))).isEqualTo(image.manifestBytes());
    }

    @Test
    void copiesAWholeIndexWithAllPlatforms() {
        Cli.Result r = Cli.run("copy", "--all-platforms", src + "/app/multi:v1", dst + "/copied/multi:all");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("digest   " + index.digest());
        assertThat(skopeo.inspectRaw(Skopeo.docker(dst, "copied/multi", "all"))).isEqualTo(index.indexBytes());
        for (TestImage child : index.images()) {
            assertThat(skopeo.inspectRaw(Skopeo.docker(dst, "copied/multi", child.digest().toString())))
                    .isEqualTo(child.manifestBytes());
        }
        // skopeo copies what whittle wrote, every blob included, so the target is complete.
        assertThat(skopeo.copy(Skopeo.docker(dst, "copied/multi", "all"), Skopeo.oci(temp.resolve("check"), "x"),
                Skopeo.CopyOptions.defaults().withAll()).succeeded()).isTrue();
    }

    @Test
    void copiesOnePlatformOfAnIndex() {
        TestImage s390x = index.image(Platform.of("linux", "s390x"));
        Cli.Result r = Cli.run("copy", "--platform", "linux/s390x", "-o", "json", src + "/app/multi:v1",
                dst + "/copied/s390x:v1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.json().path("digest").asText()).isEqualTo(s390x.digest().toString());
        assertThat(r.json().path("blobs").path("copied").asInt()).isEqualTo(s390x.blobs().size());
        assertThat(skopeo.inspectRaw(Skopeo.docker(dst, "copied/s390x", "v1"))).isEqualTo(s390x.manifestBytes());
    }

    @Test
    void takesTheHostPlatformByDefault() {
        TestImage host = index.image(Platform.host());
        Cli.Result r = Cli.run("copy", "-o", "json", src + "/app/multi:v1", dst + "/copied/multi:host");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.json().path("digest").asText()).isEqualTo(host.digest().toString());
    }

    @Test
    void roundTripsThroughAnOciLayoutWithDigestsUnchanged() {
        Path layout = temp.resolve("layout");
        Cli.Result out = Cli.run("copy", "--all-platforms", src + "/app/multi:v1", "oci:" + layout + ":multi");
        assertThat(out.exitCode()).as(out.toString()).isZero();
        Cli.Result single = Cli.run("copy", src + "/app/single:v1", "oci:" + layout + ":single");
        assertThat(single.exitCode()).as(single.toString()).isZero();

        // Other tools read the layout whittle wrote.
        assertThat(Umoci.create().tags(layout)).contains("multi", "single");
        JsonNode stat = Umoci.create().stat(layout, "single");
        assertThat(stat.path("history").size()).isEqualTo(2);
        assertThat(skopeo.inspectRaw(Skopeo.oci(layout, "multi"))).isEqualTo(index.indexBytes());
        assertThat(Cli.run("tags", "oci:" + layout).stdout().lines().toList()).containsExactlyInAnyOrder("multi", "single");

        Cli.Result back = Cli.run("copy", "--all-platforms", "-o", "json", "oci:" + layout + ":multi",
                dst + "/from-layout/multi:v1");
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(back.json().path("digest").asText()).isEqualTo(index.digest().toString());
        assertThat(skopeo.inspectRaw(Skopeo.docker(dst, "from-layout/multi", "v1"))).isEqualTo(index.indexBytes());
        assertThat(Cli.run("digest", dst + "/from-layout/multi:v1").stdout().strip())
                .isEqualTo(Cli.run("digest", "oci:" + layout + ":multi").stdout().strip())
                .isEqualTo(index.digest().toString());
    }

    @Test
    void copiesBetweenLayouts() {
        Path a = temp.resolve("a");
        Path b = temp.resolve("b");
        image.writeLayout(a, "v1");
        Cli.Result r = Cli.run("copy", "oci:" + a + ":v1", "oci:" + b + ":copy");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(skopeo.inspectRaw(Skopeo.oci(b, "copy"))).isEqualTo(image.manifestBytes());
        // oci:DIR alone means the one image the layout holds.
        Cli.Result only = Cli.run("digest", "oci:" + b);
        assertThat(only.stdout().strip()).isEqualTo(image.digest().toString());
    }

    @Test
    void aWarmCopySendsNoBlobBytes() {
        Cli.Result cold = Cli.run("copy", "--all-platforms", src + "/app/multi:v1", dst + "/warm/multi:v1");
        assertThat(cold.exitCode()).as(cold.toString()).isZero();
        try (FaultProxy proxy = FaultProxy.start(TARGET.server().url())) {
            Cli.Result warm = Cli.run("copy", "--all-platforms", "-o", "json", src + "/app/multi:v1",
                    proxy.hostPort() + "/warm/multi:v2");
            assertThat(warm.exitCode()).as(warm.toString()).isZero();
            JsonNode j = warm.json();
            assertThat(j.path("blobs").path("copied").asInt()).isZero();
            assertThat(j.path("blobs").path("mounted").asInt()).isZero();
            assertThat(j.path("blobs").path("skipped").asInt()).isEqualTo(countBlobs(index));
            assertThat(j.path("bytesSent").asLong()).isZero();
            assertThat(proxy.requests("*", "/v2/.+/blobs/uploads/.*")).isEmpty();
            // The target holds the index (under v1), so it holds all it references: only the new tag is written.
            assertThat(proxy.requests("*", "/v2/.+/blobs/.*")).isEmpty();
            assertThat(proxy.requests("PUT", "/v2/.+/manifests/.*")).hasSize(1);
            assertThat(proxy.requests("PUT", "/v2/.+/manifests/v2")).hasSize(1);
        }
        assertThat(skopeo.inspectRaw(Skopeo.docker(dst, "warm/multi", "v2"))).isEqualTo(index.indexBytes());
    }

    @Test
    void aCopyOfWhatIsAlreadyUnderTheTagWritesNothing() {
        Cli.Result cold = Cli.run("copy", src + "/app/single:v1", dst + "/same/single:v1");
        assertThat(cold.exitCode()).as(cold.toString()).isZero();
        try (FaultProxy proxy = FaultProxy.start(TARGET.server().url())) {
            Cli.Result again = Cli.run("copy", src + "/app/single:v1", proxy.hostPort() + "/same/single:v1");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.stdout()).contains("blobs    0 copied (0 B), " + image.blobs().size() + " already there");
            assertThat(again.stderr())
                    .contains("manifest " + image.digest().shortForm() + "  tagged v1  already there");
            // the ping and one HEAD of the tag, nothing else
            assertThat(proxy.requests().stream().map(r -> r.method() + " " + r.path()).toList())
                    .containsExactlyInAnyOrder("GET /v2/", "HEAD /v2/same/single/manifests/v1");
        }
    }

    @Test
    void mountsBlobsWithinOneRegistry() {
        Cli.Result r = Cli.run("copy", "-o", "json", src + "/app/single:v1", src + "/other/single:v1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.json().path("blobs").path("mounted").asInt()).isEqualTo(image.blobs().size());
        assertThat(r.json().path("bytesSent").asLong()).isZero();
        assertThat(skopeo.inspectRaw(Skopeo.docker(src, "other/single", "v1"))).isEqualTo(image.manifestBytes());
    }

    @Test
    void showsPlainProgressLinesWhenNotOnATerminal() {
        Cli.Result r = Cli.run("copy", src + "/app/single:v1", dst + "/plain/single:v1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        for (Descriptor blob : image.blobs()) {
            assertThat(r.stderr()).contains("blob " + blob.digest().shortForm());
        }
        assertThat(r.stderr()).contains("manifest " + image.digest().shortForm()).doesNotContain("\u001b[");
        assertThat(r.stdout()).startsWith("Copied " + src + "/app/single:v1 to " + dst + "/plain/single:v1");
    }

    @Test
    void drawsBarsInPlaceOnATerminal() {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        var io = new Io(out, new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), Cli.env(), true);
        int code = Whittle.run(io, "copy", src + "/app/single:v1", dst + "/terminal/single:v1");
        String progress = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(code).as(progress).isZero();
        assertThat(progress).contains("\u001b[2K").contains(image.blobs().size() + "/" + image.blobs().size() + " blobs")
                .contains("manifest " + image.digest().shortForm() + " tagged v1 written");
    }

    @Test
    void refusesContradictoryOrMissingThings() {
        Cli.Result both = Cli.run("copy", "--all-platforms", "--platform", "linux/amd64", src + "/app/multi:v1",
                dst + "/x/y:z");
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(both.stderr()).startsWith("whittle: --all-platforms and --platform contradict each other");

        Cli.Result toDigest = Cli.run("copy", src + "/app/single:v1", dst + "/x/y@" + image.digest());
        assertThat(toDigest.exitCode()).isEqualTo(ExitCode.USAGE);

        Cli.Result jobs = Cli.run("copy", "--jobs", "0", src + "/app/single:v1", dst + "/x/y:z");
        assertThat(jobs.exitCode()).isEqualTo(ExitCode.USAGE);

        Cli.Result missing = Cli.run("copy", src + "/app/single:nope", dst + "/x/y:z");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(missing.stderr().lines().toList()).hasSize(1);

        Cli.Result noPlatform = Cli.run("copy", "--platform", "windows/amd64", src + "/app/multi:v1", dst + "/x/y:z");
        assertThat(noPlatform.exitCode()).as(noPlatform.toString()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(noPlatform.stderr()).contains("linux/s390x");

        Cli.Result noLayout = Cli.run("copy", "oci:" + temp.resolve("none") + ":x", dst + "/x/y:z");
        assertThat(noLayout.exitCode()).as(noLayout.toString()).isEqualTo(ExitCode.NOT_FOUND);
    }

    private static int countBlobs(TestIndex index) {
        return (int) index.images().stream().flatMap(i -> i.blobs().stream()).map(Descriptor::digest)
                .map(Digest::toString).distinct().count();
    }
}
