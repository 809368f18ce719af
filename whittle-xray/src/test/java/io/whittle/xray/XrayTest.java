package io.whittle.xray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Image;
import io.whittle.oci.ImageManifest;
import io.whittle.oci.Platform;
import io.whittle.oci.image.Images;
import io.whittle.oci.layout.OciLayout;
import io.whittle.registry.RegistryClient;
import io.whittle.registry.net.OutboundPolicy;
import io.whittle.xray.report.ReportJson;
import io.whittle.xray.report.XrayReport;
import io.whittle.xray.scan.DirectoryLayerCache;
import io.whittle.xray.tar.TarLimits;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.ImageSpec;
import io.whittle.testkit.LayerSpec;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.TestImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * X-ray end to end on a crafted image, from a real registry and from an OCI layout. The dive figures and
 * reclaimable bytes were worked out by hand:
 *
 * <pre>
 * layer 0: etc/ etc/a (100 B) etc/b (50 B) usr/ usr/big (1000 B)        size 1150
 * (history: ENV A=1, no layer)
 * layer 1: etc/a (200 B)  .wh.b in etc/  new.txt (10 B)                   size  210
 * layer 2: etc/a (300 B)  opt/copy (1000 B, the bytes of usr/big)          size 1300
 *
 * path      sizes per layer  cumulative  min   layers
 * etc/a     100 200 300      600         100   3
 * etc/b     50  0(whiteout)  50          0     2
 * usr/big   1000             1000        1000  1
 * new.txt   10               10          10    1
 * opt/copy  1000             1000        1000  1
 * efficiency = (100+0+1000+10+1000) / (600+50+1000+10+1000) = 2110/2660
 * wastedBytes = 600 + 50 = 650;  userWastedPercent = 650 / (210 + 1300) = 650/1510
 * reclaimable = etc/a@0 (100) + etc/a@1 (200) + etc/b@0 (50) = 350;  duplicates: usr/big = opt/copy, 1000 B
 * </pre>
 */
class XrayTest {

    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.noAuth();

    static ImageFactory factory;
    static TestImage image;
    static final byte[] BIG = "0123456789".repeat(100).getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void build() {
        factory = ImageFactory.temporary();
        image = factory.image(ImageSpec.builder(ImageFormat.OCI)
                .platform("linux/amd64")
                .user("1000")
                .env("PATH=/usr/bin")
                .label("org.example.title", "crafted")
                .layer(LayerSpec.builder().dir("etc").file("etc/a", "a".repeat(100)).file("etc/b", "b".repeat(50))
                        .dir("usr").file("usr/big", BIG).createdBy("ADD rootfs /"))
                .history("ENV A=1")
                .layer(LayerSpec.builder().file("etc/a", "A".repeat(200)).whiteout("etc/b")
                        .file("new.txt", "0123456789").createdBy("RUN change"))
                .layer(LayerSpec.builder().file("etc/a", "z".repeat(300)).file("opt/copy", BIG)
                        .createdBy("COPY copy /opt/copy"))
                .build());
        image.push(REGISTRY.server().url(), "team/crafted", "1.0");
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @Test
    void fromARegistryTheReportHasTheFiguresWorkedOutByHand() throws IOException {
        try (RegistryClient client = RegistryClient.builder().policy(OutboundPolicy.cli()).build()) {
            Image remote = Images.image(client.repository(REGISTRY.hostPort(), "team/crafted"), "1.0",
                    Platform.of("linux", "amd64"));
            String reference = REGISTRY.hostPort() + "/team/crafted:1.0";
            XrayResult result = new Xray(XrayOptions.defaults()).analyze(remote, reference, Optional.empty(),
                    XrayListener.NONE);
            check(result.report(), reference);
            assertThat(result.scans()).hasSize(3);
        }
    }

    @Test
    void fromAnOciLayoutTheJsonCarriesTheDocumentedFields(@TempDir Path dir) throws IOException {
        image.writeLayout(dir, "1.0");
        Image local = Images.image(OciLayout.open(dir), "1.0", Platform.of("linux", "amd64"));
        List<String> phases = new ArrayList<>();
        XrayReport report = new Xray(XrayOptions.defaults()).analyze(local, "oci:" + dir + ":1.0", Optional.empty(),
                new XrayListener() {
                    @Override
                    public void phase(String name) {
                        phases.add(name);
                    }
                }).report();
        check(report, "oci:" + dir + ":1.0");
        assertThat(phases).containsExactly("merge", "packages", "findings", "report");

        JsonNode j = new ObjectMapper().readTree(ReportJson.bytes(report));
        for (String field : List.of("/image/digest", "/image/platform", "/config", "/sizes/compressed",
                "/sizes/uncompressed", "/layers/0/digest", "/layers/0/size", "/layers/0/createdBy",
                "/layers/0/added", "/layers/0/modified", "/layers/0/removed", "/efficiency/score",
                "/efficiency/wastedBytes", "/efficiency/userWastedPercent", "/efficiency/reclaimableBytes",
                "/files/count", "/packages", "/findings", "/dockerfile")) {
            assertThat(j.at(field).isMissingNode()).as(field).isFalse();
        }
        assertThat(j.at("/efficiency/score").isDouble()).isTrue();
        assertThat(ReportJson.read(ReportJson.bytes(report))).isEqualTo(report);
    }

    @Test
    void aSecondRunReadsNoLayerBlobFromTheCache(@TempDir Path cacheDir, @TempDir Path layout) throws IOException {
        image.writeLayout(layout, "1.0");
        XrayOptions options = new XrayOptions(TarLimits.DEFAULTS, new DirectoryLayerCache(cacheDir), 2, "test");
        Counting first = new Counting(Images.image(OciLayout.open(layout), "1.0", Platform.of("linux", "amd64")));
        XrayReport one = new Xray(options).analyze(first, "first", Optional.empty(), XrayListener.NONE).report();
        assertThat(first.layerReads.get()).isEqualTo(3);
        assertThat(one.analysis().layersRead()).isEqualTo(3);
        assertThat(one.analysis().layersCached()).isZero();

        Counting second = new Counting(Images.image(OciLayout.open(layout), "1.0", Platform.of("linux", "amd64")));
        Set<Integer> cachedLayers = ConcurrentHashMap.newKeySet();
        XrayReport two = new Xray(options).analyze(second, "second", Optional.empty(), new XrayListener() {
            @Override
            public void layerStarted(int index, long compressedSize, boolean cached) {
                if (cached) {
                    cachedLayers.add(index);
                }
            }
        }).report();
        assertThat(second.layerReads.get()).isZero();
        assertThat(two.analysis().layersCached()).isEqualTo(3);
        assertThat(two.analysis().layersRead()).isZero();
        assertThat(cachedLayers).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(two.efficiency()).isEqualTo(one.efficiency());
        assertThat(two.layers()).isEqualTo(one.layers());
    }

    private static void check(XrayReport r, String reference) {
        assertThat(r.schema()).isEqualTo(XrayReport.SCHEMA);
        assertThat(r.image().reference()).isEqualTo(reference);
        assertThat(r.image().digest()).isEqualTo(image.digest().toString());
        assertThat(r.image().platform()).isEqualTo("linux/amd64");
        assertThat(r.image().mediaType()).isEqualTo(image.mediaType());
        assertThat(r.image().index()).isEmpty();
        assertThat(r.config().user()).contains("1000");
        assertThat(r.config().labels()).containsEntry("org.example.title", "crafted");

        List<Descriptor> blobs = image.layerDescriptors();
        assertThat(r.sizes().compressed()).isEqualTo(blobs.stream().mapToLong(Descriptor::size).sum());
        assertThat(r.sizes().uncompressed()).isEqualTo(1150 + 210 + 1300);
        assertThat(r.sizes().config()).isEqualTo(image.configBytes().length);
        assertThat(r.sizes().manifest()).isEqualTo(image.manifestBytes().length);

        assertThat(r.layers()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            XrayReport.LayerInfo l = r.layers().get(i);
            assertThat(l.index()).isEqualTo(i);
            assertThat(l.digest()).isEqualTo(blobs.get(i).digest().toString());
            assertThat(l.compressedSize()).isEqualTo(blobs.get(i).size());
            assertThat(l.diffId()).isEqualTo(image.diffIds().get(i).toString());
        }
        assertThat(r.layers()).extracting(XrayReport.LayerInfo::size).containsExactly(1150L, 210L, 1300L);
        // The history entry without a layer (ENV) is skipped when history is matched to layers.
        assertThat(r.layers()).extracting(XrayReport.LayerInfo::createdBy)
                .containsExactly("ADD rootfs /", "RUN change", "COPY copy /opt/copy");
        XrayReport.LayerInfo l0 = r.layers().get(0);
        assertThat(l0.added()).isEqualTo(new XrayReport.Change(5, 1150)); // etc, etc/a, etc/b, usr, usr/big
        assertThat(l0.modified().count()).isZero();
        assertThat(l0.removed().count()).isZero();
        assertThat(l0.largest().getFirst()).isEqualTo(new XrayReport.SizedPath("/usr/big", 1000));
        XrayReport.LayerInfo l1 = r.layers().get(1);
        assertThat(l1.added()).isEqualTo(new XrayReport.Change(1, 10)); // new.txt
        assertThat(l1.modified()).isEqualTo(new XrayReport.Change(1, 200)); // etc/a
        assertThat(l1.removed()).isEqualTo(new XrayReport.Change(1, 50)); // etc/b
        XrayReport.LayerInfo l2 = r.layers().get(2);
        assertThat(l2.added()).isEqualTo(new XrayReport.Change(2, 1000)); // opt (implied), opt/copy
        assertThat(l2.modified()).isEqualTo(new XrayReport.Change(1, 300));
        assertThat(l2.removed().count()).isZero();

        XrayReport.Efficiency e = r.efficiency();
        assertThat(e.score()).isCloseTo(2110.0 / 2660.0, within(1e-12));
        assertThat(e.wastedBytes()).isEqualTo(650);
        assertThat(e.userWastedPercent()).isCloseTo(650.0 / 1510.0, within(1e-12));
        assertThat(e.reclaimableBytes()).isEqualTo(350);
        assertThat(e.duplicateBytes()).isEqualTo(1000);
        assertThat(e.inefficiencies()).containsExactly(new XrayReport.Inefficiency("/etc/a", 3, 600),
                new XrayReport.Inefficiency("/etc/b", 2, 50));
        assertThat(r.duplicates()).containsExactly(new XrayReport.Duplicate(1000, List.of("/opt/copy", "/usr/big"),
                1000));

        assertThat(r.files().count()).isEqualTo(4); // etc/a, new.txt, opt/copy, usr/big
        assertThat(r.files().bytes()).isEqualTo(300 + 10 + 1000 + 1000);
        assertThat(r.files().directories()).isEqualTo(3);
        assertThat(r.files().largest()).extracting(XrayReport.SizedPath::size).startsWith(1000L, 1000L, 300L);
        assertThat(r.os()).isEmpty();
        assertThat(r.packages()).isEmpty();
        assertThat(r.dockerfile()).contains("ENV A=1").contains("RUN change");
        assertThat(r.analysis().layersRead() + r.analysis().layersCached()).isEqualTo(3);
    }

    /** An image that counts how often a layer blob is opened. */
    private static final class Counting implements Image {
        private final Image image;
        final AtomicInteger layerReads = new AtomicInteger();

        Counting(Image image) {
            this.image = image;
        }

        @Override
        public ImageManifest manifest() throws IOException {
            return image.manifest();
        }

        @Override
        public byte[] rawConfig() throws IOException {
            return image.rawConfig();
        }

        @Override
        public InputStream openBlob(Descriptor descriptor) throws IOException {
            if (image.manifest().layers().contains(descriptor)) {
                layerReads.incrementAndGet();
            }
            return image.openBlob(descriptor);
        }
    }
}
