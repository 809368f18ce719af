package io.whittle.oci;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VerifyingInputStreamTest {
    static final byte[] CONTENT = "the quick brown fox jumps over the lazy dog".getBytes(UTF_8);
    static final Digest DIGEST = Digest.sha256(CONTENT);

    static VerifyingInputStream over(byte[] bytes, Digest d, long size) {
        return new VerifyingInputStream(new ByteArrayInputStream(bytes), d, size);
    }

    @Test
    void exactContentPasses() throws IOException {
        try (VerifyingInputStream in = over(CONTENT, DIGEST, CONTENT.length)) {
            assertThat(in.verified()).isFalse();
            assertThat(in.readAllBytes()).isEqualTo(CONTENT);
            assertThat(in.verified()).isTrue();
            assertThat(in.count()).isEqualTo(CONTENT.length);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void singleByteReadsAndSkipsAreHashedToo() throws IOException {
        try (VerifyingInputStream in = over(CONTENT, DIGEST, CONTENT.length)) {
            assertThat(in.read()).isEqualTo('t');
            assertThat(in.skip(10)).isEqualTo(10);
            byte[] rest = in.readAllBytes();
            assertThat(rest).isEqualTo(Arrays.copyOfRange(CONTENT, 11, CONTENT.length));
            assertThat(in.verified()).isTrue();
        }
        try (VerifyingInputStream in = over(CONTENT, Digest.sha256("other".getBytes(UTF_8)), CONTENT.length)) {
            // skipping to the end must not hand the content on unchecked
            assertThatThrownBy(() -> in.skip(1000)).isInstanceOf(DigestMismatchException.class);
        }
    }

    @Test
    void unknownSizeChecksOnlyTheDigest() throws IOException {
        try (VerifyingInputStream in = over(CONTENT, DIGEST, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(CONTENT);
            assertThat(in.verified()).isTrue();
        }
    }

    @Test
    void shortBodyFailsAtEndOfStream() {
        byte[] cut = Arrays.copyOf(CONTENT, CONTENT.length - 5);
        VerifyingInputStream in = over(cut, DIGEST, CONTENT.length);
        assertThatThrownBy(in::readAllBytes)
                .isInstanceOf(DigestMismatchException.class)
                .hasMessage("blob " + DIGEST + " ended after " + cut.length + " bytes, but its descriptor states "
                        + CONTENT.length);
        assertThat(in.verified()).isFalse();
    }

    @Test
    void longBodyFailsAtSizePlusOneWithoutReadingTheRest() throws IOException {
        byte[] longer = new byte[CONTENT.length + 1_000_000];
        System.arraycopy(CONTENT, 0, longer, 0, CONTENT.length);
        ByteArrayInputStream source = new ByteArrayInputStream(longer);
        VerifyingInputStream in = new VerifyingInputStream(source, DIGEST, CONTENT.length);
        byte[] buf = new byte[16];
        assertThatThrownBy(() -> {
            while (in.read(buf, 0, buf.length) >= 0) {
                // reading on
            }
        }).isInstanceOf(DigestMismatchException.class)
                .hasMessage("blob " + DIGEST + " is longer than the " + CONTENT.length + " bytes its descriptor states");
        assertThat(in.count()).isLessThanOrEqualTo(CONTENT.length + buf.length);
        assertThat(source.available()).isGreaterThan(999_000);
    }

    @Test
    void wrongContentOfTheRightSizeFails() {
        byte[] other = CONTENT.clone();
        other[3] ^= 1;
        VerifyingInputStream in = over(other, DIGEST, CONTENT.length);
        assertThatThrownBy(in::readAllBytes)
                .isInstanceOf(DigestMismatchException.class)
                .hasMessage("blob " + DIGEST + " has the wrong content: its bytes hash to " + Digest.sha256(other));
    }

    @Test
    void sha512IsVerifiedWithItsOwnAlgorithm() throws IOException {
        Digest d = Digest.of(Digest.Algorithm.SHA512, CONTENT);
        try (InputStream in = over(CONTENT, d, CONTENT.length)) {
            assertThat(in.readAllBytes()).isEqualTo(CONTENT);
        }
    }

    @Test
    void resumedVerificationContinuesTheHash() throws IOException {
        var hasher = Digest.Algorithm.SHA256.newHasher();
        hasher.update(CONTENT, 0, 10);
        InputStream tail = new ByteArrayInputStream(Arrays.copyOfRange(CONTENT, 10, CONTENT.length));
        try (VerifyingInputStream in = new VerifyingInputStream(tail, DIGEST, CONTENT.length, hasher, 10)) {
            in.readAllBytes();
            assertThat(in.verified()).isTrue();
            assertThat(in.count()).isEqualTo(CONTENT.length);
        }
    }
}
