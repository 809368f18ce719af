package io.whittle.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Normalization as distribution/reference's ParseNormalizedNamed followed by TagNameOnly (what
 * {@code docker pull} does). The cases mirror the grammar facts of that package.
 */
class ImageReferenceTest {
    static final String HEX = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
    static final String D = "sha256:" + HEX;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "nginx                                 | docker.io/library/nginx:latest",
            "nginx:1.27                            | docker.io/library/nginx:1.27",
            "library/nginx                         | docker.io/library/nginx:latest",
            "docker.io/nginx                       | docker.io/library/nginx:latest",
            "docker.io/library/nginx               | docker.io/library/nginx:latest",
            "index.docker.io/nginx                 | docker.io/library/nginx:latest",
            "index.docker.io/docker/docker         | docker.io/docker/docker:latest",
            "registry-1.docker.io/nginx            | registry-1.docker.io/nginx:latest",
            "dmcgowan/myapp                        | docker.io/dmcgowan/myapp:latest",
            "docker.io/library/foo/bar             | docker.io/library/foo/bar:latest",
            "other/library                         | docker.io/other/library:latest",
            "localhost/a                           | localhost/a:latest",
            "localhost:5000/a/b:tag                | localhost:5000/a/b:tag",
            "localhost                             | docker.io/library/localhost:latest",
            "localhost:5000                        | docker.io/library/localhost:5000",
            "example.com                           | docker.io/library/example.com:latest",
            "192.168.0.1                           | docker.io/library/192.168.0.1:latest",
            "192.168.0.1:80                        | docker.io/library/192.168.0.1:80",
            "192.168.1.1:5000/repo:5050            | 192.168.1.1:5000/repo:5050",
            "test_com/foo                          | docker.io/test_com/foo:latest",
            "test-com:8080/foo                     | test-com:8080/foo:latest",
            "xn--n3h.com:18080/foo                 | xn--n3h.com:18080/foo:latest",
            "b.gcr.io/test.example.com/my-app:test.example.com | b.gcr.io/test.example.com/my-app:test.example.com",
            "Docker/docker                         | Docker/docker:latest",
            "FOO/bar                               | FOO/bar:latest",
            "lowercase:Uppercase                   | docker.io/library/lowercase:Uppercase",
            "docker---rules/dock__er               | docker.io/docker---rules/dock__er:latest",
            "[2001:db8::1]/repo                    | [2001:db8::1]/repo:latest",
            "[2001:db8::1]:5000/repo:tag           | [2001:db8::1]:5000/repo:tag",
            "[::1]:5000/repo                       | [::1]:5000/repo:latest",
            "[fc00:1:2:3:4:5:6:7]:5000/library/debian | [fc00:1:2:3:4:5:6:7]:5000/library/debian:latest",
    })
    void normalizesLikeDocker(String input, String expected) {
        assertThat(ImageReference.parse(input)).hasToString(expected);
    }

    @Test
    void splitsRegistryRepositoryTagAndDigest() {
        ImageReference r = ImageReference.parse("host.example:5000/ns/repo@" + D);
        assertThat(r.registry()).isEqualTo("host.example:5000");
        assertThat(r.repository()).isEqualTo("ns/repo");
        assertThat(r.tag()).isEmpty();
        assertThat(r.digest()).contains(Digest.parse(D));
        assertThat(r.identifier()).isEqualTo(D);
        assertThat(r.name()).isEqualTo("host.example:5000/ns/repo");
        assertThat(r).hasToString("host.example:5000/ns/repo@" + D);
    }

    @Test
    void tagAndDigestAreBothKeptAndTheDigestDecides() {
        ImageReference r = ImageReference.parse("busybox:1.36@" + D);
        assertThat(r).hasToString("docker.io/library/busybox:1.36@" + D);
        assertThat(r.tag()).contains("1.36");
        assertThat(r.digest()).contains(Digest.parse(D));
        assertThat(r.identifier()).isEqualTo(D);
        ImageReference sha512 = ImageReference.parse("xn--7o8h.com/myimage:xn--7o8h.com@sha512:" + "f".repeat(128));
        assertThat(sha512.registry()).isEqualTo("xn--7o8h.com");
        assertThat(sha512.tag()).contains("xn--7o8h.com");
        assertThat(sha512.digest().orElseThrow().algorithm()).isEqualTo(Digest.Algorithm.SHA512);
    }

    @Test
    void withTagWithDigestAndPinned() {
        ImageReference r = ImageReference.parse("localhost:5000/a/b:one");
        assertThat(r.withTag("two")).hasToString("localhost:5000/a/b:two");
        assertThat(r.withDigest(Digest.parse(D))).hasToString("localhost:5000/a/b:one@" + D);
        assertThat(r.pinned(Digest.parse(D))).hasToString("localhost:5000/a/b@" + D);
        assertThat(r.identifier()).isEqualTo("one");
        assertThatThrownBy(() -> r.withTag("-bad")).isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("the tag '-bad' is invalid");
    }

    @Test
    void uppercaseRepositoryIsRefusedSayingWhy() {
        assertThatThrownBy(() -> ImageReference.parse("Nginx"))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessage("'Nginx' is not a valid image reference: repository names must be lowercase"
                        + " ('library/nginx' would be valid).");
        assertThatThrownBy(() -> ImageReference.parse("Uppercase:tag"))
                .hasMessageContaining("must be lowercase");
        assertThatThrownBy(() -> ImageReference.parse("docker/Docker"))
                .hasMessageContaining("must be lowercase");
        assertThatThrownBy(() -> ImageReference.parse("test:5000/Uppercase/lowercase:tag"))
                .hasMessageContaining("must be lowercase");
        assertThatThrownBy(() -> ImageReference.parse("docker.io/docker/Docker"))
                .hasMessageContaining("must be lowercase");
    }

    @Test
    void bareSixtyFourHexIsAnIdNotAName() {
        assertThatThrownBy(() -> ImageReference.parse(HEX.replace('f', 'a')))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("64-character hexadecimal string");
        // With a host it is a name again, as in Docker.
        assertThat(ImageReference.parse("docker.io/" + HEX)).hasToString("docker.io/library/" + HEX + ":latest");
        assertThat(ImageReference.parse("docker.io/" + HEX).repository()).isEqualTo("library/" + HEX);
        // 63 hex characters, or 64 non-hex, are ordinary names.
        assertThat(ImageReference.parse(HEX.substring(1)).repository()).isEqualTo("library/" + HEX.substring(1));
        assertThat(ImageReference.parse("thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev").repository())
                .isEqualTo("library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev");
        // Docker checks the whole string only, so a 64-hex name with a tag passes.
        assertThat(ImageReference.parse(HEX + ":v1")).hasToString("docker.io/library/" + HEX + ":v1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", " nginx", "nginx ", ":justtag", "@" + D, "nginx:", "nginx@", "https://github.com/docker/docker",
            "-docker", "-docker/docker", "docker-/docker", "-docker.io/docker/docker", "docker///docker",
            "docker.io/docker///docker", "docker/", "____/____", "_docker/_docker", "dock..er/docker",
            "dock_.er/docker", "dock-.er/docker", "aa/asdf$$^/aa", "[fc00::1]", "[fc00::1]:5000",
            "fc00::1:5000/debian", "[fe80::1%eth0]:5000/debian", "[2001:db8:3:4::192.0.2.33]:5000/debian",
            "[2001:db8::1]:tag", "foo_bar.com/x", "example.com:/x", "repo@sha256:ffffffffffffffffffffffffffffffffff",
            "validname@invaliddigest:" + HEX, "repo@sha256:FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", "a/b c", "nginx:tag:more"
    })
    void refusesWhatDockerRefuses(String input) {
        assertThatThrownBy(() -> ImageReference.parse(input))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageStartingWith("'" + input + "' is not a valid image reference: ")
                .hasMessageEndingWith(".");
    }

    @Test
    void messagesNameTheProblem() {
        assertThatThrownBy(() -> ImageReference.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ImageReference.parse("nginx:")).hasMessageContaining("the tag after ':' is empty");
        assertThatThrownBy(() -> ImageReference.parse("@" + D)).hasMessageContaining("repository name is missing");
        assertThatThrownBy(() -> ImageReference.parse("docker///docker")).hasMessageContaining("empty path component");
        assertThatThrownBy(() -> ImageReference.parse("foo_bar.com/x")).hasMessageContaining("not a valid registry host");
        // Docker reads a first component with a dot as a host, so this is a bad host, not a bad path
        assertThatThrownBy(() -> ImageReference.parse("dock..er/docker"))
                .hasMessageContaining("'dock..er' is not a valid registry host");
        assertThatThrownBy(() -> ImageReference.parse("docker/dock..er"))
                .hasMessage("'docker/dock..er' is not a valid image reference: the path component 'dock..er' is"
                        + " invalid: use lowercase letters and digits, separated by '.', '_', '__' or '-'.");
        assertThatThrownBy(() -> ImageReference.parse("nginx@md5:5d41402abc4b2a76b9719d911017c592"))
                .hasMessageContaining("unsupported digest algorithm 'md5'");
        assertThatThrownBy(() -> ImageReference.parse("nginx:" + "t".repeat(129))).hasMessageContaining("1-128 characters");
    }

    @Test
    void tagRules() {
        assertThat(ImageReference.parse("r:" + "t".repeat(128)).tag()).contains("t".repeat(128));
        assertThat(ImageReference.parse("r:_under").tag()).contains("_under");
        assertThat(ImageReference.parse("r:v1.2-rc_3").tag()).contains("v1.2-rc_3");
        assertThat(ImageReference.parse("r:5000").tag()).contains("5000");
        assertThatThrownBy(() -> ImageReference.parse("r:.dot")).isInstanceOf(InvalidReferenceException.class);
        assertThatThrownBy(() -> ImageReference.parse("r:-dash")).isInstanceOf(InvalidReferenceException.class);
        assertThatThrownBy(() -> ImageReference.parse("r:a+b")).isInstanceOf(InvalidReferenceException.class);
        assertThatThrownBy(() -> ImageReference.parse("r:é")).isInstanceOf(InvalidReferenceException.class);
    }

    @Test
    void repositoryPathIsLimitedTo255CharactersWithoutTheHost() {
        String path255 = "a".repeat(255);
        assertThat(ImageReference.parse("example.com/" + path255).repository()).hasSize(255);
        assertThatThrownBy(() -> ImageReference.parse("example.com/" + path255 + "a"))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("256 characters, more than the 255 allowed");
        // On Docker Hub the implied "library/" counts.
        assertThat(ImageReference.parse("a".repeat(247)).repository()).hasSize(255);
        assertThatThrownBy(() -> ImageReference.parse("a".repeat(248))).hasMessageContaining("more than the 255");
        // distribution's own case: a long name made of many components, the host not counted.
        assertThat(ImageReference.parse("a/".repeat(127) + "a:tag-puts-this-over-max").registry()).isEqualTo("docker.io");
        assertThatThrownBy(() -> ImageReference.parse("x.io/" + "a/".repeat(128) + "a"))
                .hasMessageContaining("more than the 255");
    }

    @Test
    void constructorRefusesInvalidParts() {
        assertThatThrownBy(() -> new ImageReference("bad host", "r", Optional.of("t"), Optional.empty()))
                .isInstanceOf(InvalidReferenceException.class).hasMessageContaining("not a valid registry host");
        assertThatThrownBy(() -> new ImageReference("docker.io", "Upper", Optional.empty(), Optional.empty()))
                .hasMessageContaining("must be lowercase");
        assertThatThrownBy(() -> new ImageReference("docker.io", "", Optional.empty(), Optional.empty()))
                .hasMessageContaining("missing");
    }
}
