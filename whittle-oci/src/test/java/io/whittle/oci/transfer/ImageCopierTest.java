package io.whittle.oci.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.DigestMismatchException;
import io.whittle.oci.Failure;
import io.whittle.oci.ImageManifest;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.Manifest;
import io.whittle.oci.MediaType;
import io.whittle.oci.Platform;
import io.whittle.oci.PlatformNotFoundException;
import io.whittle.oci.image.MemoryImage;
import io.whittle.oci.image.MemoryIndex;
import io.whittle.oci.image.TestImages;
import io.whittle.oci.layout.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCopierTest {
    @TempDir
    Path tmp;

    private static ImageCopier copier(PlatformChoice choice) {
        return new ImageCopier(CopyOptions.defaults().withPlatforms(choice));
    }

    /** A layout holding {@code source} under {@code tag}, written by a whole copy. */
    private OciLayout layoutWith(String name, ImageSource source, String tag) throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve(name));
        copier(PlatformChoice.ALL).copy(source, "latest", layout, Optional.of(tag));
        return layout;
    }

    private static void assertHoldsEveryBlob(OciLayout layout, ImageManifest m) throws IOException {
        for (Descriptor d : m.blobs()) {
            try (InputStream in = layout.openBlob(d)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
    }

    @Test
    void copiesASingleImageByteForByte() throws IOException {
        MemoryImage image = TestImages.image("single", 3);
        OciLayout source = layoutWith("src", image, "v1");
        OciLayout target = OciLayout.create(tmp.resolve("dst"));

        CopyResult r = copier(PlatformChoice.HOST).copy(source, "v1", target, Optional.of("copied"));

        assertThat(r.digest()).isEqualTo(image.digest());
        assertThat(r.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(r.blobsCopied()).isEqualTo(4);
        assertThat(r.blobsSkipped()).isZero();
        assertThat(r.blobsMounted()).isZero();
        assertThat(r.bytesSent()).isEqualTo(image.manifest().totalSize());
        assertThat(r.manifestsWritten()).isEqualTo(1);
        Manifest copied = target.manifest("copied");
        assertThat(copied.raw()).isEqualTo(image.manifest().raw());
        assertHoldsEveryBlob(target, image.manifest());
        assertThat(target.tags()).containsExactly("copied");
    }

    @Test
    void copiesAWholeIndexWithAttestationsAndNestedIndexes() throws IOException {
        MemoryIndex inner = TestImages.multiPlatform("inner");
        MemoryImage s390 = TestImages.image(MemoryImage.Format.OCI, Platform.parse("linux/s390x"), "s390", 1);
        MemoryIndex outer = MemoryIndex.empty(MemoryImage.Format.OCI).withIndex(inner).withImage(s390);
        OciLayout target = OciLayout.create(tmp.resolve("all"));

        List<Descriptor> written = Collections.synchronizedList(new ArrayList<>());
        CopyListener order = new CopyListener() {
            @Override
            public void manifestWritten(Descriptor manifest, Optional<String> tag) {
                written.add(manifest);
            }
        };
        CopyResult r = new ImageCopier(CopyOptions.defaults().withPlatforms(PlatformChoice.ALL).withListener(order))
                .copy(outer, "latest", target, Optional.of("all"));

        assertThat(r.digest()).isEqualTo(outer.digest());
        assertThat(r.mediaType()).isEqualTo(MediaType.OCI_INDEX);
        // inner's three children, inner, s390x, outer
        assertThat(r.manifestsWritten()).isEqualTo(6);
        List<Digest> order2 = written.stream().map(Descriptor::digest).toList();
        assertThat(order2.getLast()).isEqualTo(outer.digest());
        assertThat(order2.indexOf(inner.digest())).isGreaterThan(order2.indexOf(inner.manifest().manifests().get(0).digest()))
                .isGreaterThan(order2.indexOf(inner.manifest().manifests().get(2).digest()));
        // every manifest and blob is there, the attestation (no real platform) included
        assertThat(target.manifest("all").raw()).isEqualTo(outer.manifest().raw());
        for (Descriptor child : inner.manifest().manifests()) {
            ImageManifest m = (ImageManifest) target.manifest(child.digest().toString());
            assertThat(m.raw()).isEqualTo(inner.manifest(child.digest().toString()).raw());
            assertHoldsEveryBlob(target, m);
        }
        assertThat(inner.manifest().manifests().get(2).platform().orElseThrow().os()).isEqualTo("unknown");
        assertThat(target.manifest(inner.digest().toString()).raw()).isEqualTo(inner.manifest().raw());
    }

    @Test
    void onePlatformFromAnIndexCopiesThatImageAlone() throws IOException {
        MemoryIndex index = TestImages.multiPlatform("pick");
        OciLayout source = layoutWith("src", index, "multi");
        OciLayout target = OciLayout.create(tmp.resolve("arm"));
        Descriptor arm = index.manifest().select(Platform.parse("linux/arm64/v8"));

        CopyResult r = copier(PlatformChoice.of(Platform.parse("linux/arm64"))).copy(source, "multi", target,
                Optional.of("arm"));

        assertThat(r.digest()).isEqualTo(arm.digest());
        assertThat(r.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(r.manifestsWritten()).isEqualTo(1);
        // the tag names the image manifest, and nothing of the other platforms came along
        Descriptor entry = target.find("arm").orElseThrow();
        assertThat(entry.digest()).isEqualTo(arm.digest());
        assertThat(entry.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(target.hasManifest(index.descriptor())).isFalse();
        ImageManifest amd64 = (ImageManifest) index.manifest(index.manifest().manifests().getFirst().digest().toString());
        assertThat(target.hasBlob(amd64.layers().getFirst())).isFalse();
        ImageManifest armManifest = (ImageManifest) target.manifest("arm");
        assertHoldsEveryBlob(target, armManifest);
        assertThat(r.blobsCopied()).isEqualTo(armManifest.blobs().size());

        assertThatThrownBy(() -> copier(PlatformChoice.of(Platform.parse("linux/riscv64"))).copy(source, "multi",
                target, Optional.of("x"))).isInstanceOf(PlatformNotFoundException.class)
                .hasMessageContaining("linux/amd64, linux/arm64/v8");
    }

    @Test
    void hostDefaultPicksTheMachinesPlatform() throws IOException {
        MemoryImage amd64 = TestImages.image(MemoryImage.Format.OCI, Platform.parse("linux/amd64"), "h-amd", 1);
        MemoryImage arm64 = TestImages.image(MemoryImage.Format.OCI, Platform.parse("linux/arm64/v8"), "h-arm", 1);
        MemoryIndex index = MemoryIndex.empty(MemoryImage.Format.DOCKER).withImage(amd64).withImage(arm64);
        OciLayout target = OciLayout.create(tmp.resolve("host"));
        CopyResult r = new ImageCopier().copy(index, "latest", target, Optional.of("host"));
        Digest expected = Platform.host().architecture().equals("arm64") ? arm64.digest() : amd64.digest();
        assertThat(r.digest()).isEqualTo(expected);
    }

    @Test
    void aSecondCopySkipsEverything() throws IOException {
        MemoryIndex index = TestImages.multiPlatform("again");
        OciLayout source = layoutWith("src", index, "multi");
        OciLayout target = OciLayout.create(tmp.resolve("dst"));
        CopyResult first = copier(PlatformChoice.ALL).copy(source, "multi", target, Optional.of("multi"));
        assertThat(first.blobsCopied()).isEqualTo(first.blobs()).isPositive();
        assertThat(first.manifestsWritten()).isEqualTo(4);

        List<BlobOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        CopyListener l = new CopyListener() {
            @Override
            public void blobFinished(Descriptor blob, BlobOutcome outcome) {
                outcomes.add(outcome);
            }
        };
        CopyResult second = new ImageCopier(CopyOptions.defaults().withPlatforms(PlatformChoice.ALL).withListener(l))
                .copy(source, "multi", target, Optional.of("moved"));
        assertThat(second.blobsSkipped()).isEqualTo(first.blobs());
        assertThat(second.blobsCopied()).isZero();
        assertThat(second.bytesSent()).isZero();
        // the children are there already; only the tagged top is written, so the tag moves
        assertThat(second.manifestsWritten()).isEqualTo(1);
        assertThat(second.manifestsSkipped()).isEqualTo(3);
        assertThat(outcomes).hasSize(first.blobs()).containsOnly(BlobOutcome.SKIPPED);
        assertThat(target.tags()).containsExactly("multi", "moved");
        assertThat(second.digest()).isEqualTo(first.digest());
    }

    /** A layout that vouches for its manifests as a registry does, counting what the copier asks of it. */
    private static final class VouchingLayout implements ImageTarget {
        final OciLayout layout;
        final AtomicInteger blobChecks = new AtomicInteger();
        final AtomicInteger blobWrites = new AtomicInteger();
        final List<Optional<String>> manifestWrites = Collections.synchronizedList(new ArrayList<>());

        VouchingLayout(OciLayout layout) {
            this.layout = layout;
        }

        @Override
        public String describe() {
            return layout.describe();
        }

        @Override
        public boolean hasBlob(Descriptor blob) throws IOException {
            blobChecks.incrementAndGet();
            return layout.hasBlob(blob);
        }

        @Override
        public void putBlob(Descriptor blob, InputStream content) throws IOException {
            blobWrites.incrementAndGet();
            layout.putBlob(blob, content);
        }

        @Override
        public boolean hasManifest(Descriptor manifest) throws IOException {
            return layout.hasManifest(manifest);
        }

        @Override
        public void putManifest(Manifest manifest, Optional<String> tag) throws IOException {
            manifestWrites.add(tag);
            layout.putManifest(manifest, tag);
        }

        @Override
        public void putTopManifest(Manifest manifest, Optional<String> tag) throws IOException {
            manifestWrites.add(tag);
            layout.putTopManifest(manifest, tag);
        }

        @Override
        public Optional<Digest> completeTag(String tag) throws IOException {
            return layout.find(tag).map(Descriptor::digest);
        }

        @Override
        public boolean holdsComplete(Descriptor manifest) throws IOException {
            return layout.hasManifest(manifest);
        }
    }

    @Test
    void aTargetThatVouchesForItsManifestsIsSparedTheBlobByBlobWork() throws IOException {
        MemoryIndex index = TestImages.multiPlatform("vouch");
        VouchingLayout target = new VouchingLayout(OciLayout.create(tmp.resolve("vouch")));
        ImageCopier all = copier(PlatformChoice.ALL);
        CopyResult first = all.copy(index, "latest", target, Optional.of("v1"));
        assertThat(first.blobsCopied()).isPositive();
        assertThat(target.blobChecks.get()).isEqualTo(first.blobs());
        int children = index.manifest().manifests().size();

        // The same manifest under the same tag: nothing is checked or written.
        List<Descriptor> present = Collections.synchronizedList(new ArrayList<>());
        List<BlobOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        CopyListener heard = new CopyListener() {
            @Override
            public void blobFinished(Descriptor blob, BlobOutcome outcome) {
                outcomes.add(outcome);
            }

            @Override
            public void manifestPresent(Descriptor manifest, Optional<String> tag) {
                present.add(manifest);
            }
        };
        target.blobChecks.set(0);
        target.manifestWrites.clear();
        CopyResult again = new ImageCopier(CopyOptions.defaults().withPlatforms(PlatformChoice.ALL).withListener(heard))
                .copy(index, "latest", target, Optional.of("v1"));
        assertThat(again.digest()).isEqualTo(index.digest());
        assertThat(again.blobsSkipped()).isEqualTo(first.blobs());
        assertThat(again.blobsCopied() + again.blobsMounted()).isZero();
        assertThat(again.manifestsWritten()).isZero();
        assertThat(again.manifestsSkipped()).isEqualTo(children + 1);
        assertThat(target.blobChecks.get()).isZero();
        assertThat(target.manifestWrites).isEmpty();
        assertThat(present).extracting(Descriptor::digest).containsExactly(index.digest());
        assertThat(outcomes).hasSize(first.blobs()).containsOnly(BlobOutcome.SKIPPED);

        // Under another tag: only the tag is written.
        CopyResult retag = all.copy(index, "latest", target, Optional.of("v2"));
        assertThat(retag.manifestsWritten()).isEqualTo(1);
        assertThat(retag.manifestsSkipped()).isEqualTo(children);
        assertThat(retag.blobsSkipped()).isEqualTo(first.blobs());
        assertThat(target.blobChecks.get()).isZero();
        assertThat(target.blobWrites.get()).isEqualTo(first.blobsCopied());
        assertThat(target.manifestWrites).containsExactly(Optional.of("v2"));
        assertThat(target.layout.tags()).containsExactlyInAnyOrder("v1", "v2");

        // A tag naming something else: the copy goes blob by blob again and moves the tag.
        MemoryImage other = TestImages.image("other", 1);
        all.copy(other, "latest", target, Optional.of("v1"));
        assertThat(target.layout.find("v1").orElseThrow().digest()).isEqualTo(other.digest());
        assertThat(target.blobChecks.get()).isEqualTo(other.manifest().blobs().size());
    }

    @Test
    void aLayoutIsNotTakenAtItsWordAndChecksEveryBlob() throws IOException {
        MemoryImage image = TestImages.image("layout-word", 2);
        OciLayout target = OciLayout.create(tmp.resolve("word"));
        copier(PlatformChoice.HOST).copy(image, "latest", target, Optional.of("v1"));
        Files.delete(target.blobPath(image.manifest().layers().get(0).digest()));

        CopyResult again = copier(PlatformChoice.HOST).copy(image, "latest", target, Optional.of("v1"));
        assertThat(again.blobsCopied()).isEqualTo(1);
        assertThat(again.manifestsWritten()).isEqualTo(1);
        assertHoldsEveryBlob(target, image.manifest());
    }

    @Test
    void aCorruptSourceBlobFailsTheCopyAndLeavesNothingBehind() throws IOException {
        MemoryImage image = TestImages.image("corrupt", 4);
        OciLayout source = layoutWith("src", image, "v1");
        Descriptor victim = image.manifest().layers().get(2);
        Path file = source.blobPath(victim.digest());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        OciLayout target = OciLayout.create(tmp.resolve("dst"));

        assertThatThrownBy(() -> copier(PlatformChoice.HOST).copy(source, "v1", target, Optional.of("v1")))
                .isInstanceOfSatisfying(AccessException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.CORRUPT);
                    assertThat(e.subject()).isEqualTo(victim.digest().toString());
                    assertThat(e.operation()).isEqualTo("copy blob");
                    assertThat(e.getCause()).isInstanceOf(DigestMismatchException.class);
                })
                .hasMessageStartingWith("copying blob " + victim.digest() + " from " + source.describe() + " to "
                        + target.describe() + " failed: blob " + victim.digest() + " has the wrong content");
        assertThat(target.blobPath(victim.digest())).doesNotExist();
        assertThat(target.hasManifest(image.descriptor())).isFalse();
        assertThat(target.tags()).isEmpty();
        try (Stream<Path> files = Files.walk(target.directory())) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith(".whittle-"))).isEmpty();
        }
    }

    @Test
    void manyBlobsMoveInParallelWithinTheBound() throws IOException {
        MemoryImage image = MemoryImage.empty(MemoryImage.Format.OCI);
        for (int i = 0; i < 40; i++) {
            image = image.withLayer(TestImages.layer("f" + i, "content " + i + "\n".repeat(i * 100)),
                    MediaType.OCI_LAYER_GZIP);
        }
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicLong progress = new AtomicLong();
        List<Descriptor> planned = new ArrayList<>();
        CopyListener watch = new CopyListener() {
            @Override
            public void planned(List<Descriptor> blobs) {
                planned.addAll(blobs);
            }

            @Override
            public void blobStarted(Descriptor blob) {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                threads.add(Thread.currentThread().getName());
                try {
                    // long enough for the pool's other workers to start theirs
                    Thread.sleep(15);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void blobProgress(Descriptor blob, long bytes) {
                progress.addAndGet(bytes);
            }

            @Override
            public void blobFinished(Descriptor blob, BlobOutcome outcome) {
                running.decrementAndGet();
            }
        };
        OciLayout target = OciLayout.create(tmp.resolve("many"));
        CopyResult r = new ImageCopier(CopyOptions.defaults().withParallelism(3).withListener(watch))
                .copy(image, "latest", target, Optional.of("many"));
        assertThat(r.blobsCopied()).isEqualTo(41);
        assertThat(planned).hasSize(41);
        assertThat(peak.get()).isBetween(2, 3);
        assertThat(threads).hasSizeBetween(2, 3).allMatch(n -> n.startsWith("whittle-copy-"));
        assertThat(progress.get()).isEqualTo(r.bytesSent()).isEqualTo(image.manifest().totalSize());
        assertHoldsEveryBlob(target, image.manifest());
    }

    @Test
    void progressComesInChunks() throws IOException {
        byte[] big = new byte[1 << 20];
        new java.util.Random(7).nextBytes(big);
        MemoryImage image = MemoryImage.empty(MemoryImage.Format.OCI).withLayer(big, MediaType.OCI_LAYER);
        List<Long> chunks = Collections.synchronizedList(new ArrayList<>());
        CopyListener l = new CopyListener() {
            @Override
            public void blobProgress(Descriptor blob, long bytes) {
                if (blob.size() == big.length) {
                    chunks.add(bytes);
                }
            }
        };
        new ImageCopier(CopyOptions.defaults().withListener(l)).copy(image, "latest",
                OciLayout.create(tmp.resolve("p")), Optional.empty());
        assertThat(chunks.stream().mapToLong(Long::longValue).sum()).isEqualTo(big.length);
        assertThat(chunks).hasSizeBetween(2, 8);
    }

    @Test
    void blobsSharedByImagesMoveOnce() throws IOException {
        byte[] base = TestImages.layer("base", "shared");
        MemoryImage a = MemoryImage.empty(MemoryImage.Format.OCI).withLayer(base, MediaType.OCI_LAYER_GZIP)
                .withLayer(TestImages.layer("a", "a"), MediaType.OCI_LAYER_GZIP);
        MemoryImage b = MemoryImage.empty(MemoryImage.Format.OCI).withPlatform(Platform.parse("linux/arm64"))
                .withLayer(base, MediaType.OCI_LAYER_GZIP).withLayer(TestImages.layer("b", "b"), MediaType.OCI_LAYER_GZIP);
        MemoryIndex index = MemoryIndex.empty(MemoryImage.Format.OCI).withImage(a).withImage(b);
        List<Digest> started = Collections.synchronizedList(new ArrayList<>());
        CopyListener l = new CopyListener() {
            @Override
            public void blobStarted(Descriptor blob) {
                started.add(blob.digest());
            }
        };
        CopyResult r = new ImageCopier(CopyOptions.defaults().withPlatforms(PlatformChoice.ALL).withListener(l))
                .copy(index, "latest", OciLayout.create(tmp.resolve("shared")), Optional.of("s"));
        // two configs, the shared base once, two own layers
        assertThat(r.blobsCopied()).isEqualTo(5);
        assertThat(started).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void foreignLayersStayBehindUnlessAsked() throws IOException {
        MemoryImage image = MemoryImage.empty(MemoryImage.Format.DOCKER)
                .withLayer(TestImages.layer("base", "b"), MediaType.DOCKER_LAYER_GZIP)
                .withForeignLayer(TestImages.layer("win", "w"), MediaType.DOCKER_FOREIGN_LAYER_GZIP,
                        List.of("https://mcr.example/blob"));
        Descriptor foreign = image.manifest().layers().get(1);

        OciLayout plain = OciLayout.create(tmp.resolve("plain"));
        CopyResult r = new ImageCopier().copy(image, "latest", plain, Optional.of("w"));
        assertThat(r.foreignSkipped()).isEqualTo(1);
        assertThat(r.blobsCopied()).isEqualTo(2);
        assertThat(plain.hasBlob(foreign)).isFalse();
        assertThat(plain.manifest("w").raw()).isEqualTo(image.manifest().raw());

        OciLayout full = OciLayout.create(tmp.resolve("full"));
        CopyResult all = new ImageCopier(CopyOptions.defaults().withForeignLayers(true))
                .copy(image, "latest", full, Optional.of("w"));
        assertThat(all.foreignSkipped()).isZero();
        assertThat(all.blobsCopied()).isEqualTo(3);
        assertThat(full.hasBlob(foreign)).isTrue();
    }

    @Test
    void copiesByDigestAndWithoutATag() throws IOException {
        MemoryIndex index = TestImages.multiPlatform("bydigest");
        OciLayout source = layoutWith("src", index, "multi");
        OciLayout target = OciLayout.create(tmp.resolve("dst"));
        CopyResult r = copier(PlatformChoice.ALL).copy(source, index.digest().toString(), target, Optional.empty());
        assertThat(r.digest()).isEqualTo(index.digest());
        // without a tag the top manifest is still listed, untagged, as skopeo lists it
        IndexManifest listed = target.index();
        assertThat(listed.manifests()).singleElement().satisfies(d -> {
            assertThat(d.digest()).isEqualTo(index.digest());
            assertThat(d.annotations()).isEmpty();
        });
        assertThat(target.resolve(Optional.empty()).digest()).isEqualTo(index.digest());
    }

    @Test
    void aMissingSourceBlobIsNamed() throws IOException {
        MemoryImage image = TestImages.image("missing", 2);
        OciLayout source = layoutWith("src", image, "v1");
        Descriptor gone = image.manifest().layers().getFirst();
        Files.delete(source.blobPath(gone.digest()));
        assertThatThrownBy(() -> new ImageCopier().copy(source, "v1", OciLayout.create(tmp.resolve("dst")),
                Optional.of("v1")))
                .isInstanceOfSatisfying(AccessException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND);
                    assertThat(e.subject()).isEqualTo(gone.digest().toString());
                })
                .hasMessageContaining("is missing from the OCI layout");
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> CopyOptions.defaults().withParallelism(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism must be between 1 and 64, not 0");
        assertThat(CopyOptions.defaults().parallelism()).isEqualTo(4);
        assertThat(CopyOptions.defaults().platforms()).isEqualTo(PlatformChoice.HOST);
        assertThat(PlatformChoice.of(Platform.parse("linux/arm64")).toString()).isEqualTo("linux/arm64");
    }
}
