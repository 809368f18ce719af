package io.whittle.oci;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DigestTest {
    // sha256("hello") and sha512("hello"), from coreutils.
    static final String HELLO_256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    static final String HELLO_512 = "9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca7"
            + "2323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043";

    @Test
    void hashesSha256AndSha512() {
        assertThat(Digest.sha256("hello".getBytes(UTF_8))).hasToString("sha256:" + HELLO_256);
        assertThat(Digest.of(Digest.Algorithm.SHA512, "hello".getBytes(UTF_8))).hasToString("sha512:" + HELLO_512);
    }

    @Test
    void parsesBothAlgorithmsAndRoundTrips() {
        Digest d = Digest.parse("sha256:" + HELLO_256);
        assertThat(d.algorithm()).isEqualTo(Digest.Algorithm.SHA256);
        assertThat(d.hex()).isEqualTo(HELLO_256);
        assertThat(Digest.parse(d.toString())).isEqualTo(d);
        Digest e = Digest.parse("sha512:" + HELLO_512);
        assertThat(e.algorithm()).isEqualTo(Digest.Algorithm.SHA512);
        assertThat(e.matches("hello".getBytes(UTF_8))).isTrue();
        assertThat(e.matches("hellO".getBytes(UTF_8))).isFalse();
    }

    @Test
    void refusesWrongLengthForTheAlgorithm() {
        assertThatThrownBy(() -> Digest.parse("sha256:" + HELLO_256.substring(1)))
                .isInstanceOf(InvalidDigestException.class)
                .hasMessageContaining("exactly 64 hex characters, not 63");
        assertThatThrownBy(() -> Digest.parse("sha256:" + HELLO_256 + "0"))
                .hasMessageContaining("not 65");
        // a sha256-length value labelled sha512
        assertThatThrownBy(() -> Digest.parse("sha512:" + HELLO_256))
                .isInstanceOf(InvalidDigestException.class)
                .hasMessageContaining("sha512 needs exactly 128 hex characters, not 64");
        assertThatThrownBy(() -> Digest.parse("sha256:"))
                .hasMessageContaining("not 0");
    }

    @Test
    void refusesUppercaseAndNonHex() {
        assertThatThrownBy(() -> Digest.parse("sha256:" + HELLO_256.toUpperCase()))
                .isInstanceOf(InvalidDigestException.class)
                .hasMessageContaining("only lowercase hex");
        assertThatThrownBy(() -> Digest.parse("sha256:" + HELLO_256.substring(0, 63) + "g"))
                .hasMessageContaining("only lowercase hex");
        assertThatThrownBy(() -> Digest.parse("SHA256:" + HELLO_256))
                .hasMessageContaining("unsupported digest algorithm 'SHA256'");
    }

    @Test
    void refusesUnknownAlgorithmsAndShapes() {
        assertThatThrownBy(() -> Digest.parse("md5:5d41402abc4b2a76b9719d911017c592"))
                .isInstanceOf(InvalidDigestException.class)
                .hasMessage("'md5:5d41402abc4b2a76b9719d911017c592' uses the unsupported digest algorithm 'md5': use sha256 or sha512");
        assertThatThrownBy(() -> Digest.parse("sha384:" + "a".repeat(96)))
                .hasMessageContaining("unsupported digest algorithm 'sha384'");
        assertThatThrownBy(() -> Digest.parse(HELLO_256))
                .hasMessageContaining("expected the form sha256:<64 hex characters>");
        assertThatThrownBy(() -> Digest.parse(":" + HELLO_256))
                .hasMessageContaining("is not a digest");
        assertThat(Digest.isDigest("sha256:" + HELLO_256)).isTrue();
        assertThat(Digest.isDigest("latest")).isFalse();
        assertThat(Digest.isDigest("sha256:abc")).isFalse();
    }

    @Test
    void constructorValidatesToo() {
        assertThatThrownBy(() -> new Digest(Digest.Algorithm.SHA256, "abc")).isInstanceOf(InvalidDigestException.class);
        assertThat(new Digest(Digest.Algorithm.SHA256, HELLO_256)).isEqualTo(Digest.parse("sha256:" + HELLO_256));
    }

    @Test
    void shortFormAndOrdering() {
        Digest d = Digest.parse("sha256:" + HELLO_256);
        assertThat(d.shortForm()).isEqualTo("sha256:2cf24dba5fb0");
        Digest lower = Digest.parse("sha256:" + "0".repeat(64));
        assertThat(lower.compareTo(d)).isNegative();
        assertThat(d.compareTo(Digest.parse("sha256:" + HELLO_256))).isZero();
    }

    @Test
    void hasherContinuesIncrementally() {
        var h = Digest.Algorithm.SHA256.newHasher();
        h.update("hel".getBytes(UTF_8));
        h.update("lo".getBytes(UTF_8));
        assertThat(Digest.fromHasher(Digest.Algorithm.SHA256, h)).hasToString("sha256:" + HELLO_256);
    }
}
