package io.whittle.oci;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageConfigTest {
    static final String D1 = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";
    static final String D2 = "sha256:b8b5ef1bd1f6fb5df4a9b4bb7b2a0bdc4c4ff05cd4bb1b1d9b4d6c0c3e8b0a11";

    // Shaped as Docker writes it, pretty-printed so the raw bytes differ from any re-serialization.
    static final String CONFIG = """
            {
              "architecture": "arm64",
              "variant": "v8",
              "os": "linux",
              "created": "2024-05-01T10:00:00.123456789Z",
              "author": "Whittle tests",
              "config": {
                "User": "1000:1000",
                "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"],
                "Entrypoint": ["/docker-entrypoint.sh"],
                "Cmd": ["nginx", "-g", "daemon off;"],
                "WorkingDir": "/srv",
                "ExposedPorts": {"80/tcp": {}, "443/tcp": {}},
                "Volumes": {"/data": {}},
                "Labels": {"maintainer": "someone", "org.opencontainers.image.version": "1.27"},
                "StopSignal": "SIGQUIT",
                "Healthcheck": {"Test": ["CMD", "curl", "-f", "http://localhost/"], "Interval": 30000000000}
              },
              "rootfs": {"type": "layers", "diff_ids": ["%s", "%s"]},
              "history": [
                {"created": "2024-05-01T09:00:00Z", "created_by": "/bin/sh -c #(nop) ADD file:abc in / "},
                {"created": "2024-05-01T09:00:01Z", "created_by": "/bin/sh -c #(nop)  CMD [\\"bash\\"]", "empty_layer": true},
                {"created": "2024-05-01T10:00:00Z", "created_by": "RUN apt-get install nginx", "author": "ops", "comment": "buildkit.dockerfile.v0"}
              ]
            }
            """.formatted(D1, D2);

    @Test
    void parsesEverythingInspectShows() {
        ImageConfig c = ImageConfig.parse(CONFIG.getBytes(UTF_8));
        assertThat(c.platform()).hasToString("linux/arm64/v8");
        assertThat(c.created()).contains("2024-05-01T10:00:00.123456789Z");
        assertThat(c.author()).contains("Whittle tests");
        assertThat(c.diffIds()).extracting(Digest::toString).containsExactly(D1, D2);
        ImageConfig.RunConfig r = c.config();
        assertThat(r.user()).contains("1000:1000");
        assertThat(r.env()).hasSize(2).contains("LANG=C.UTF-8");
        assertThat(r.entrypoint()).containsExactly("/docker-entrypoint.sh");
        assertThat(r.cmd()).containsExactly("nginx", "-g", "daemon off;");
        assertThat(r.workingDir()).contains("/srv");
        assertThat(r.exposedPorts()).containsExactly("80/tcp", "443/tcp");
        assertThat(r.volumes()).containsExactly("/data");
        assertThat(r.labels()).containsEntry("org.opencontainers.image.version", "1.27");
        assertThat(r.stopSignal()).contains("SIGQUIT");
        assertThat(r.healthcheck()).hasValueSatisfying(h -> assertThat(h).containsExactly("CMD", "curl", "-f", "http://localhost/"));
        assertThat(c.history()).hasSize(3);
        assertThat(c.history().get(1).emptyLayer()).isTrue();
        assertThat(c.history().get(2).author()).contains("ops");
        assertThat(c.history().get(2).comment()).contains("buildkit.dockerfile.v0");
        assertThat(c.raw()).isEqualTo(CONFIG.getBytes(UTF_8));
    }

    @Test
    void minimalConfigHasEmptyDefaults() {
        ImageConfig c = ImageConfig.parse("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(UTF_8));
        assertThat(c.config()).isEqualTo(ImageConfig.RunConfig.empty());
        assertThat(c.diffIds()).isEmpty();
        assertThat(c.history()).isEmpty();
        assertThat(c.created()).isEmpty();
        // empty strings in the run config count as absent
        ImageConfig blank = ImageConfig.parse("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"\",\"WorkingDir\":\"\",\"Env\":null}}"
                .getBytes(UTF_8));
        assertThat(blank.config().user()).isEmpty();
        assertThat(blank.config().workingDir()).isEmpty();
        assertThat(blank.config().env()).isEmpty();
    }

    @Test
    void refusesWhatIsNoConfig() {
        assertThatThrownBy(() -> ImageConfig.parse("nope".getBytes(UTF_8))).isInstanceOf(OciException.class)
                .hasMessageStartingWith("the image config is not valid JSON");
        assertThatThrownBy(() -> ImageConfig.parse("[]".getBytes(UTF_8)))
                .hasMessageStartingWith("the image config is not a JSON object");
        assertThatThrownBy(() -> ImageConfig.parse(CONFIG.replace(D2, "sha256:nothex").getBytes(UTF_8)))
                .hasMessageStartingWith("the image config's rootfs.diff_ids[1] is invalid: 'sha256:nothex'");
    }

    @Test
    void equalityIsByBytes() {
        ImageConfig a = ImageConfig.parse(CONFIG.getBytes(UTF_8));
        ImageConfig b = ImageConfig.parse(CONFIG.getBytes(UTF_8));
        ImageConfig compact = ImageConfig.parse(CONFIG.replace("\n", "").getBytes(UTF_8));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(compact);
        assertThat(a.toString()).isEqualTo("ImageConfig[linux/arm64, 2 layers]");
    }
}
