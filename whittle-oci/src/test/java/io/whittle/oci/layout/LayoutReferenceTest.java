package io.whittle.oci.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.oci.Digest;
import io.whittle.oci.InvalidReferenceException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LayoutReferenceTest {
    static final String D = "sha256:" + "ab".repeat(32);

    @Test
    void parsesDirectoryTagAndDigest() {
        LayoutReference plain = LayoutReference.parse("oci:/tmp/app");
        assertThat(plain.directory()).isEqualTo(Path.of("/tmp/app"));
        assertThat(plain.tag()).isEmpty();
        assertThat(plain.tagOrDigest()).isEmpty();
        assertThat(plain).hasToString("oci:/tmp/app");

        LayoutReference tagged = LayoutReference.parse("oci:relative/dir:v1.2");
        assertThat(tagged.directory()).isEqualTo(Path.of("relative/dir"));
        assertThat(tagged.tag()).contains("v1.2");
        assertThat(tagged.tagOrDigest()).contains("v1.2");
        assertThat(tagged).hasToString("oci:relative/dir:v1.2");

        // skopeo splits at the first ':' after the prefix, so the tag may hold more
        LayoutReference colon = LayoutReference.parse("oci:/tmp/app:name:with:colons");
        assertThat(colon.directory()).isEqualTo(Path.of("/tmp/app"));
        assertThat(colon.tag()).contains("name:with:colons");

        LayoutReference pinned = LayoutReference.parse("oci:/tmp/app@" + D);
        assertThat(pinned.directory()).isEqualTo(Path.of("/tmp/app"));
        assertThat(pinned.digest()).contains(Digest.parse(D));
        assertThat(pinned.tagOrDigest()).contains(D);
        assertThat(pinned).hasToString("oci:/tmp/app@" + D);

        assertThat(LayoutReference.parse("oci:/tmp/a/b/example.com/app:1.0-rc_1+build.2").tag())
                .contains("1.0-rc_1+build.2");
        assertThat(LayoutReference.parse("oci:d:library/nginx").tag()).contains("library/nginx");
    }

    @Test
    void recognizesThePrefix() {
        assertThat(LayoutReference.isLayoutReference("oci:/x")).isTrue();
        assertThat(LayoutReference.isLayoutReference("docker.io/library/nginx")).isFalse();
        assertThat(LayoutReference.isLayoutReference("ocidir/x")).isFalse();
        assertThatThrownBy(() -> LayoutReference.parse("nginx")).isInstanceOf(InvalidReferenceException.class)
                .hasMessage("'nginx' is not an OCI layout reference: write oci:DIR[:TAG]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci:", "oci::tag", "oci:/tmp/x:", "oci:/tmp/x:-lead", "oci:/tmp/x:trail-",
            "oci:/tmp/x:a//b", "oci:/tmp/x:sp ace", "oci:/tmp/x@sha256:abc", "oci:/tmp/x@md5:" + "ab"})
    void refusesMalformed(String value) {
        assertThatThrownBy(() -> LayoutReference.parse(value)).isInstanceOf(InvalidReferenceException.class);
    }

    @Test
    void messagesSayWhatToWrite() {
        assertThatThrownBy(() -> LayoutReference.parse("oci:")).hasMessageContaining("names no directory");
        assertThatThrownBy(() -> LayoutReference.parse("oci:/tmp/x:"))
                .hasMessageContaining("has an empty tag after the directory");
        assertThatThrownBy(() -> LayoutReference.parse("oci:/tmp/x:bad tag"))
                .hasMessage("'bad tag' is not a valid tag for an OCI layout: use letters and digits joined by '-', '.',"
                        + " '_', ':', '@' or '+', in parts separated by '/'");
        assertThatThrownBy(() -> new LayoutReference(Path.of("/x"), Optional.of("t"), Optional.of(Digest.parse(D))))
                .hasMessageContaining("a tag or a digest, not both");
    }

    @Test
    void tagGrammarIsTheImageSpecRefName() {
        assertThat(LayoutReference.isValidTag("latest")).isTrue();
        assertThat(LayoutReference.isValidTag("v1--rc")).isTrue();
        assertThat(LayoutReference.isValidTag("a@b")).isTrue();
        assertThat(LayoutReference.isValidTag("a---b")).isFalse();
        assertThat(LayoutReference.isValidTag("_x")).isFalse();
        assertThat(LayoutReference.isValidTag("")).isFalse();
        assertThat(LayoutReference.isValidTag(null)).isFalse();
    }
}
