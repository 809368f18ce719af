package io.whittle.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Manifest;
import io.whittle.oci.Platform;
import io.whittle.oci.layout.OciLayout;
import io.whittle.oci.transfer.ImageSource;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.ImageSpec;
import io.whittle.testkit.TestImage;
import io.whittle.testkit.TestIndex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explorer's per-tag details read from a real OCI layout: image, index, and the per-digest cache. */
class TagDetailsTest {
    private final MovableClock clock = new MovableClock();

    @TempDir
    Path dir;

    @Test
    void anImageGivesItsPlatformSizeAndCreationDate() throws IOException {
        TestImage image = ImageFactory.temporary().smallImage(ImageFormat.OCI, "details-image",
                Platform.of("linux", "arm64", "v8"));
        image.writeLayout(dir, "v1");
        TagDetails.Details d = new TagDetails(clock).of("c repo", OciLayout.open(dir), "v1", Optional.empty());
        assertThat(d.digest()).isEqualTo(image.digest());
        assertThat(d.platforms()).extracting(Platform::toString).containsExactly("linux/arm64/v8");
        assertThat(d.size()).hasValue(image.totalSize());
        assertThat(d.created()).contains(ImageSpec.DEFAULT_CREATED);
    }

    @Test
    void anIndexGivesItsPlatformsAndTheDistinctBlobsOfItsImages() throws IOException {
        TestIndex index = ImageFactory.temporary().multiPlatform(ImageFormat.OCI, "details-index",
                Platform.of("linux", "amd64"), Platform.of("linux", "arm64", "v8"));
        index.writeLayout(dir, "1");
        TagDetails.Details d = new TagDetails(clock).of("c repo", OciLayout.open(dir), "1", Optional.empty());
        assertThat(d.digest()).isEqualTo(index.digest());
        assertThat(d.platforms()).extracting(Platform::toString).containsExactly("linux/amd64", "linux/arm64/v8");
        Set<Digest> seen = new HashSet<>();
        long distinct = index.images().stream().flatMap(i -> i.blobs().stream())
                .filter(b -> seen.add(b.digest())).mapToLong(Descriptor::size).sum();
        assertThat(d.size()).hasValue(distinct);
        assertThat(d.sizeNote()).contains("2 platform images").contains("shared layers counted once");
        assertThat(d.created()).contains(ImageSpec.DEFAULT_CREATED);
    }

    @Test
    void detailsAreKeptPerDigestForAFewMinutesAndPerScope() throws IOException {
        TestImage image = ImageFactory.temporary().smallImage(ImageFormat.OCI, "details-cache");
        image.writeLayout(dir, "v1");
        Counting source = new Counting(OciLayout.open(dir));
        TagDetails details = new TagDetails(clock);
        details.of("c repo", source, "v1", Optional.of(image.digest()));
        assertThat(source.manifests.get()).isEqualTo(1);
        assertThat(source.blobs.get()).isEqualTo(1); // the config

        details.of("c repo", source, "v1", Optional.of(image.digest()));
        assertThat(source.manifests.get()).isEqualTo(1); // the listing named the digest: no call at all
        details.of("c repo", source, "v1", Optional.empty());
        assertThat(source.manifests.get()).isEqualTo(2); // the tag is resolved, its details are not read again
        assertThat(source.blobs.get()).isEqualTo(1);

        details.of("other repo", source, "v1", Optional.of(image.digest()));
        assertThat(source.blobs.get()).isEqualTo(2); // another connector or repository never shares an entry

        clock.now = clock.now.plus(TagDetails.TTL);
        details.of("c repo", source, "v1", Optional.of(image.digest()));
        assertThat(source.blobs.get()).isEqualTo(3);
    }

    /** A real source that counts what it is asked for. */
    private static final class Counting implements ImageSource {
        final AtomicInteger manifests = new AtomicInteger();
        final AtomicInteger blobs = new AtomicInteger();
        private final ImageSource source;

        Counting(ImageSource source) {
            this.source = source;
        }

        @Override
        public String describe() {
            return source.describe();
        }

        @Override
        public Manifest manifest(String tagOrDigest) throws IOException {
            manifests.incrementAndGet();
            return source.manifest(tagOrDigest);
        }

        @Override
        public InputStream openBlob(Descriptor blob) throws IOException {
            blobs.incrementAndGet();
            return source.openBlob(blob);
        }
    }

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-27T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
