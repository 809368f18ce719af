package io.whittle.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.Manifest;
import io.whittle.oci.MediaType;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.Skopeo;
import io.whittle.testkit.TestImage;
import io.whittle.testkit.TestIndex;
import io.whittle.oci.Platform;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull, push, delete, list and mount against a real registry; each subclass runs it in one auth mode.
 */
abstract class RoundTripContract {
    static ImageFactory factory;
    RegistryClient client;

    abstract RegistryExtension registry();

    @BeforeAll
    static void makeFactory() {
        factory = ImageFactory.temporary();
    }

    @AfterAll
    static void dropFactory() {
        factory.close();
    }

    @BeforeEach
    void connect() {
        client = TestSupport.clientFor(registry()).build();
    }

    @AfterEach
    void disconnect() throws Exception {
        client.close();
    }

    RegistryRepository repo(String name) {
        return client.repository(registry().hostPort(), name);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void pushesAnImageAndReadsItBackByTagAndDigest() throws Exception {
        TestImage image = factory.smallImage(ImageFormat.OCI, "round-trip");
        RegistryRepository repo = repo("app/round-trip");
        Digest pushed = TestSupport.push(repo, image, Optional.of("v1"));
        assertThat(pushed).isEqualTo(image.digest());

        Manifest byTag = repo.manifest("v1");
        assertThat(byTag.raw()).isEqualTo(image.manifestBytes());
        assertThat(byTag.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        Manifest byDigest = repo.manifest(image.digest().toString());
        assertThat(byDigest.raw()).isEqualTo(image.manifestBytes());

        Optional<Descriptor> head = repo.headManifest("v1");
        assertThat(head).contains(Descriptor.of(MediaType.OCI_MANIFEST, image.digest(), image.manifestBytes().length));
        assertThat(repo.hasManifest(image.descriptor())).isTrue();
        assertThat(repo.tags()).contains("v1");

        for (Descriptor d : image.blobs()) {
            assertThat(repo.headBlob(d.digest())).contains(d.size());
            assertThat(repo.hasBlob(d)).isTrue();
            try (InputStream in = repo.openBlob(d); InputStream expected = image.openBlob(d)) {
                assertThat(in.readAllBytes()).isEqualTo(expected.readAllBytes());
            }
        }
    }

    @Test
    void whatWhittlePushesSkopeoReadsWithTheSameDigests() throws Exception {
        TestIndex index = factory.multiPlatform(ImageFormat.DOCKER, "to-skopeo", Platform.of("linux", "amd64"),
                Platform.of("linux", "arm64"));
        RegistryRepository repo = repo("cross/whittle-pushed");
        Digest pushed = TestSupport.push(repo, index, Optional.of("multi"));
        assertThat(pushed).isEqualTo(index.digest());
        Skopeo skopeo = Skopeo.create();
        byte[] raw = skopeo.inspectRaw(Skopeo.docker(registry().hostPort(), "cross/whittle-pushed", "multi"),
                registry().credentials());
        assertThat(raw).isEqualTo(index.indexBytes());
        TestImage child = index.images().get(1);
        assertThat(skopeo.digest(Skopeo.docker(registry().hostPort(), "cross/whittle-pushed", child.digest().toString()),
                registry().credentials())).isEqualTo(child.digest());
    }

    @Test
    void whatSkopeoPushesWhittleReads(@TempDir Path layout) throws Exception {
        TestImage image = factory.smallImage(ImageFormat.OCI, "from-skopeo");
        image.writeLayout(layout, "v2");
        var result = Skopeo.create().copy(Skopeo.oci(layout, "v2"),
                Skopeo.docker(registry().hostPort(), "cross/skopeo-pushed", "v2"),
                Skopeo.CopyOptions.defaults().withDestinationCredentials(registry().credentials())
                        .withPreserveDigests());
        assertThat(result.succeeded()).as(result.toString()).isTrue();
        RegistryRepository repo = repo("cross/skopeo-pushed");
        Manifest m = repo.manifest("v2");
        assertThat(m.digest()).isEqualTo(image.digest());
        for (Descriptor d : image.blobs()) {
            try (InputStream in = repo.openBlob(d)) {
                assertThat(in.readAllBytes()).hasSize((int) d.size());
            }
        }
    }

    @Test
    void aMissingManifestOrRepositoryIsNotFoundWithAClearMessage() throws Exception {
        TestSupport.push(repo("app/present"), factory.smallImage(ImageFormat.OCI, "present"), Optional.of("v1"));
        assertThatThrownBy(() -> repo("app/present").manifest("nope"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND);
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.codes()).contains("MANIFEST_UNKNOWN");
                    assertThat(e.getMessage()).isEqualTo("pull manifest " + registry().hostPort()
                            + "/app/present:nope: the registry has no such manifest (MANIFEST_UNKNOWN): check the tag"
                            + " with `whittle tags`");
                });
        assertThat(repo("app/present").headManifest("nope")).isEmpty();
        assertThatThrownBy(() -> repo("app/absent").tags())
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND);
                    assertThat(e.codes()).contains("NAME_UNKNOWN");
                });
        assertThat(repo("app/absent").headBlob(Digest.sha256(new byte[] {1}))).isEmpty();
    }

    @Test
    void deletesAManifestByDigest() throws Exception {
        TestImage image = factory.smallImage(ImageFormat.DOCKER, "to-delete");
        RegistryRepository repo = repo("app/delete");
        TestSupport.push(repo, image, Optional.of("gone"));
        repo.deleteManifest(image.digest().toString());
        assertThat(repo.headManifest(image.digest().toString())).isEmpty();
        assertThatThrownBy(() -> repo.manifest("gone")).isInstanceOf(AccessException.class)
                .extracting(e -> ((AccessException) e).failure()).isEqualTo(Failure.NOT_FOUND);
    }

    @Test
    void deletingByTagEitherWorksOrSaysWhatToDoInstead() throws Exception {
        TestImage image = factory.smallImage(ImageFormat.OCI, "tag-delete");
        RegistryRepository repo = repo("app/tag-delete");
        TestSupport.push(repo, image, Optional.of("t1"));
        try {
            repo.deleteManifest("t1");
            assertThat(repo.headManifest("t1")).isEmpty();
        } catch (RegistryException e) {
            // distribution 2.8 answers DIGEST_INVALID: it deletes only by digest
            assertThat(e.failure()).isEqualTo(Failure.UNSUPPORTED);
            assertThat(e.getMessage()).contains("cannot delete a tag on its own")
                    .contains("delete the manifest by digest instead");
            assertThat(repo.headManifest("t1")).isPresent();
        }
    }

    @Test
    void uploadsStreamedAndChunked() throws Exception {
        RegistryRepository repo = repo("app/uploads");
        byte[] a = random(300_000, 1);
        byte[] b = random(300_001, 2);
        byte[] c = random(5, 3);
        Descriptor da = Descriptor.of(MediaType.OCI_LAYER, a);
        Descriptor db = Descriptor.of(MediaType.OCI_LAYER, b);
        Descriptor dc = Descriptor.of(MediaType.OCI_LAYER, c);
        repo.putBlob(da, new ByteArrayInputStream(a), UploadOptions.streamed());
        repo.putBlob(db, () -> new ByteArrayInputStream(b), UploadOptions.chunked(100_000));
        repo.putBlob(dc, () -> new ByteArrayInputStream(c));
        for (var pair : java.util.Map.of(da, a, db, b, dc, c).entrySet()) {
            assertThat(repo.headBlob(pair.getKey().digest())).contains((long) pair.getValue().length);
            try (InputStream in = repo.openBlob(pair.getKey())) {
                assertThat(in.readAllBytes()).isEqualTo(pair.getValue());
            }
        }
    }

    @Test
    void anEmptyBlobUploadsToo() throws Exception {
        RegistryRepository repo = repo("app/empty");
        Descriptor d = Descriptor.of(MediaType.OCI_EMPTY, new byte[0]);
        repo.putBlob(d, InputStream.nullInputStream());
        assertThat(repo.headBlob(d.digest())).contains(0L);
    }

    @Test
    void contentThatDoesNotMatchItsDigestIsRejected() throws Exception {
        RegistryRepository repo = repo("app/bad-upload");
        byte[] real = random(1000, 4);
        Descriptor claimed = Descriptor.of(MediaType.OCI_LAYER, Digest.sha256(random(1000, 5)), 1000);
        assertThatThrownBy(() -> repo.putBlob(claimed, new ByteArrayInputStream(real)))
                .isInstanceOfSatisfying(AccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.CORRUPT));
        assertThat(repo.headBlob(claimed.digest())).isEmpty();
        Descriptor longer = Descriptor.of(MediaType.OCI_LAYER, Digest.sha256(real), 999);
        assertThatThrownBy(() -> repo.putBlob(longer, new ByteArrayInputStream(real)))
                .isInstanceOfSatisfying(AccessException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.CORRUPT);
                    assertThat(e.getMessage()).contains("longer than the 999 bytes");
                });
    }

    @Test
    void mountsABlobFromAnotherRepositoryOfTheSameRegistry() throws Exception {
        TestImage image = factory.smallImage(ImageFormat.OCI, "mount-me");
        RegistryRepository from = repo("mount/source");
        RegistryRepository to = repo("mount/target");
        TestSupport.push(from, image, Optional.of("v1"));
        for (Descriptor d : image.blobs()) {
            assertThat(to.hasBlob(d)).isFalse();
            assertThat(to.mountBlob(d, from)).isTrue();
            assertThat(to.hasBlob(d)).isTrue();
        }
        assertThat(to.mountBlob(image.blobs().getFirst(), to)).isFalse();
        to.pushManifest(image.manifest(), Optional.of("mounted"));
        assertThat(to.manifest("mounted").digest()).isEqualTo(image.digest());
    }

    @Test
    void aDeclinedMountFallsBackToAnUploadInTheSessionItOpened() throws Exception {
        RegistryRepository from = repo("mount/empty-source");
        RegistryRepository to = repo("mount/fallback");
        byte[] data = random(4096, 6);
        Descriptor d = Descriptor.of(MediaType.OCI_LAYER, data);
        assertThat(to.mountBlob(d, from)).isFalse();
        to.putBlob(d, new ByteArrayInputStream(data));
        assertThat(to.headBlob(d.digest())).contains(4096L);
    }

    @Test
    void pingsAndChecksTheCredentials() throws Exception {
        client.ping(registry().hostPort());
    }

    @Test
    void indexesComeBackAsIndexes() throws Exception {
        TestIndex index = factory.multiPlatform(ImageFormat.OCI, "idx", Platform.of("linux", "amd64"),
                Platform.of("linux", "arm64", "v8"));
        RegistryRepository repo = repo("app/index");
        TestSupport.push(repo, index, Optional.of("all"));
        Manifest m = repo.manifest("all");
        assertThat(m).isInstanceOf(IndexManifest.class);
        assertThat(((IndexManifest) m).manifests()).hasSize(2);
        assertThat(m.raw()).isEqualTo(index.indexBytes());
    }
}
