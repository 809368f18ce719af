package io.whittle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Platform;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.ImageSpec;
import io.whittle.testkit.LayerSpec;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.Skopeo;
import io.whittle.testkit.TestImage;
import io.whittle.testkit.TestIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code whittle inspect} and {@code whittle digest} against a real registry, checked against skopeo. */
class InspectCommandTest {

    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.noAuth();

    static ImageFactory factory;
    static TestImage image;
    static TestIndex index;
    static String host;

    @BeforeAll
    static void push() {
        factory = ImageFactory.temporary();
        image = factory.image(ImageSpec.builder(ImageFormat.OCI)
                .platform("linux/amd64")
                .user("1000:1000")
                .env("PATH=/usr/bin:/bin", "GREETING=héllo wörld")
                .entrypoint("/bin/server")
                .cmd("--port", "8080")
                .workingDir("/srv")
                .exposedPort("8080/tcp")
                .label("org.opencontainers.image.title", "server")
                .author("Whittle tests")
                .created(Instant.parse("2024-05-06T07:08:09Z"))
                .layer(LayerSpec.builder().dir("bin").file("bin/server", "#!/bin/sh\n", 0755).createdBy("COPY server /bin/"))
                .layer(LayerSpec.builder().dir("srv").file("srv/data.txt", "data\n").createdBy("COPY data.txt /srv/"))
                .history("EXPOSE 8080/tcp")
                .manifestAnnotation("org.example.note", "a note")
                .build());
        host = REGISTRY.server().hostPort();
        image.push(REGISTRY.server().url(), "team/server", "1.0");
        index = factory.multiPlatform(ImageFormat.DOCKER, "multi", Platform.of("linux", "amd64"),
                Platform.of("linux", "arm64", "v8"), Platform.of("linux", "arm", "v7"));
        index.push(REGISTRY.server().url(), "team/multi", "latest");
    }

    @AfterAll
    static void clean() {
        factory.close();
    }

    @Test
    void textShowsTheConfigAndLayers() {
        Cli.Result r = Cli.run("inspect", host + "/team/server:1.0");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout())
                .contains("Digest:        " + image.digest())
                .contains("Media type:    application/vnd.oci.image.manifest.v1+json")
                .contains("Platform:      linux/amd64")
                .contains("Created:       2024-05-06T07:08:09Z")
                .contains("Entrypoint:  [\"/bin/server\"]")
                .contains("Cmd:         [\"--port\", \"8080\"]")
                .contains("User:        1000:1000")
                .contains("Ports:       8080/tcp")
                .contains("GREETING=héllo wörld")
                .contains("org.opencontainers.image.title=server")
                .contains("org.example.note=a note")
                .contains("COPY data.txt /srv/");
        for (Descriptor layer : image.layerDescriptors()) {
            assertThat(r.stdout()).contains(layer.digest().toString());
        }
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void jsonHasTheDocumentedFields() {
        Cli.Result r = Cli.run("inspect", "-o", "json", host + "/team/server:1.0");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = r.json();
        assertThat(j.path("kind").asText()).isEqualTo("image");
        assertThat(j.path("reference").asText()).isEqualTo(host + "/team/server:1.0");
        assertThat(j.path("digest").asText()).isEqualTo(image.digest().toString());
        assertThat(j.path("mediaType").asText()).isEqualTo(image.mediaType());
        assertThat(j.path("manifestSize").asLong()).isEqualTo(image.manifestBytes().length);
        assertThat(j.path("index").isNull()).isTrue();
        assertThat(j.path("platform").asText()).isEqualTo("linux/amd64");
        assertThat(j.path("created").asText()).isEqualTo("2024-05-06T07:08:09Z");
        assertThat(j.path("author").asText()).isEqualTo("Whittle tests");
        assertThat(j.path("totalSize").asLong()).isEqualTo(image.manifest().totalSize());
        JsonNode c = j.path("config");
        assertThat(c.path("digest").asText()).isEqualTo(image.manifest().config().digest().toString());
        assertThat(texts(c.path("entrypoint"))).containsExactly("/bin/server");
        assertThat(texts(c.path("cmd"))).containsExactly("--port", "8080");
        assertThat(texts(c.path("env"))).containsExactly("PATH=/usr/bin:/bin", "GREETING=héllo wörld");
        assertThat(c.path("user").asText()).isEqualTo("1000:1000");
        assertThat(c.path("workingDir").asText()).isEqualTo("/srv");
        assertThat(texts(c.path("exposedPorts"))).containsExactly("8080/tcp");
        assertThat(c.path("labels").path("org.opencontainers.image.title").asText()).isEqualTo("server");
        JsonNode layers = j.path("layers");
        assertThat(layers).hasSize(2);
        for (int i = 0; i < 2; i++) {
            Descriptor d = image.layerDescriptors().get(i);
            assertThat(layers.get(i).path("digest").asText()).isEqualTo(d.digest().toString());
            assertThat(layers.get(i).path("size").asLong()).isEqualTo(d.size());
            assertThat(layers.get(i).path("mediaType").asText()).isEqualTo(d.mediaType());
            assertThat(layers.get(i).path("diffId").asText()).isEqualTo(image.diffIds().get(i).toString());
        }
        assertThat(j.path("history").size()).isGreaterThanOrEqualTo(3);
        assertThat(j.path("annotations").path("org.example.note").asText()).isEqualTo("a note");
    }

    @Test
    void indexIsSummarizedWithItsPlatforms() {
        Cli.Result text = Cli.run("inspect", host + "/team/multi");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.stdout()).contains("Digest:        " + index.digest())
                .contains("linux/amd64").contains("linux/arm64/v8").contains("linux/arm/v7")
                .contains("application/vnd.docker.distribution.manifest.list.v2+json");

        Cli.Result json = Cli.run("inspect", "--output=json", host + "/team/multi:latest");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode j = json.json();
        assertThat(j.path("kind").asText()).isEqualTo("index");
        assertThat(j.path("digest").asText()).isEqualTo(index.digest().toString());
        List<String> platforms = new ArrayList<>();
        j.path("manifests").forEach(m -> platforms.add(m.path("platform").asText()));
        assertThat(platforms).containsExactly("linux/amd64", "linux/arm64/v8", "linux/arm/v7");
        assertThat(j.path("manifests").get(1).path("digest").asText())
                .isEqualTo(index.images().get(1).digest().toString());
    }

    @Test
    void platformPicksTheImageFromAnIndex() {
        TestImage arm = index.image(Platform.of("linux", "arm", "v7"));
        Cli.Result r = Cli.run("inspect", "-o", "json", "--platform", "linux/arm/v7", host + "/team/multi");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.json().path("kind").asText()).isEqualTo("image");
        assertThat(r.json().path("digest").asText()).isEqualTo(arm.digest().toString());
        assertThat(r.json().path("index").asText()).isEqualTo(index.digest().toString());
        assertThat(r.json().path("platform").asText()).isEqualTo("linux/arm/v7");
    }

    @Test
    void rawPrintsTheBytesSkopeoSees() {
        Skopeo skopeo = Skopeo.create();
        Cli.Result img = Cli.run("inspect", "--raw", host + "/team/server:1.0");
        assertThat(img.exitCode()).as(img.toString()).isZero();
        assertThat(img.stdoutBytes()).isEqualTo(skopeo.inspectRaw(Skopeo.docker(host, "team/server", "1.0")))
                .isEqualTo(image.manifestBytes());

        Cli.Result idx = Cli.run("inspect", "--raw", host + "/team/multi");
        assertThat(idx.stdoutBytes()).isEqualTo(skopeo.inspectRaw(Skopeo.docker(host, "team/multi", "latest")));

        TestImage arm64 = index.image(Platform.of("linux", "arm64"));
        Cli.Result child = Cli.run("inspect", "--raw", "--platform", "linux/arm64", host + "/team/multi");
        assertThat(child.stdoutBytes()).isEqualTo(
                skopeo.inspectRaw(Skopeo.docker(host, "team/multi", arm64.digest().toString())));
    }

    @Test
    void digestMatchesSkopeo() {
        Skopeo skopeo = Skopeo.create();
        Cli.Result img = Cli.run("digest", host + "/team/server:1.0");
        assertThat(img.exitCode()).as(img.toString()).isZero();
        assertThat(img.stdout().strip()).isEqualTo(skopeo.digest(Skopeo.docker(host, "team/server", "1.0"), java.util.Optional.empty()).toString());

        Cli.Result idx = Cli.run("digest", host + "/team/multi:latest");
        assertThat(idx.stdout().strip()).isEqualTo(index.digest().toString())
                .isEqualTo(skopeo.digest(Skopeo.docker(host, "team/multi", "latest"), java.util.Optional.empty()).toString());

        Cli.Result byDigest = Cli.run("digest", "-o", "json", host + "/team/multi@" + index.digest());
        assertThat(byDigest.json().path("digest").asText()).isEqualTo(index.digest().toString());
    }

    @Test
    void tagsAndCatalogList() {
        image.push(REGISTRY.server().url(), "team/server", "1.1");
        Cli.Result tags = Cli.run("tags", host + "/team/server");
        assertThat(tags.exitCode()).as(tags.toString()).isZero();
        assertThat(tags.stdout().lines().toList()).contains("1.0", "1.1");

        Cli.Result json = Cli.run("tags", "-o", "json", host + "/team/server");
        assertThat(json.json().path("repository").asText()).isEqualTo(host + "/team/server");
        assertThat(texts(json.json().path("tags"))).contains("1.0", "1.1");

        Cli.Result catalog = Cli.run("catalog", host);
        assertThat(catalog.exitCode()).as(catalog.toString()).isZero();
        assertThat(catalog.stdout().lines().toList()).contains("team/server", "team/multi");
        Cli.Result catalogJson = Cli.run("catalog", "-o", "json", host);
        assertThat(catalogJson.json().path("registry").asText()).isEqualTo(host);
        assertThat(texts(catalogJson.json().path("repositories"))).contains("team/server", "team/multi");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
