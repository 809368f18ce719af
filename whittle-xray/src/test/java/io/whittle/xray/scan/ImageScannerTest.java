package io.whittle.xray.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Image;
import io.whittle.oci.Layer;
import io.whittle.oci.MediaType;
import io.whittle.oci.Platform;
import io.whittle.oci.image.Images;
import io.whittle.oci.layout.OciLayout;
import io.whittle.registry.RegistryClient;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.ImageSpec;
import io.whittle.testkit.LayerSpec;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.TestImage;
import io.whittle.xray.tar.LayerException;
import io.whittle.xray.tar.RawTar;
import io.whittle.xray.tar.TarLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ImageScannerTest {
    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.noAuth();

    private static final LayerScanner SCANNER = new LayerScanner(TarLimits.DEFAULTS, List.of());

    private static TestImage sixLayers(ImageFactory factory) {
        ImageSpec.Builder b = ImageSpec.builder(ImageFormat.OCI).cmd("/bin/true");
        for (int i = 0; i < 6; i++) {
            LayerSpec.Builder l = LayerSpec.builder().dir("layer" + i).file("layer" + i + "/f", "content " + i)
                    .randomFile("layer" + i + "/r.bin", 200_000 * (6 - i), i);
            if (i == 2) {
                l.compression(MediaType.Compression.ZSTD);
            }
            if (i == 3) {
                l.compression(MediaType.Compression.NONE).whiteout("layer0/f");
            }
            b.layer(l.build());
        }
        return factory.image(b.build());
    }

    /** Layers that count their opens. */
    private record Counted(Layer layer, AtomicInteger opens) implements Layer {
        @Override
        public Descriptor descriptor() {
            return layer.descriptor();
        }

        @Override
        public Digest diffId() {
            return layer.diffId();
        }

        @Override
        public InputStream open() throws IOException {
            opens.incrementAndGet();
            return layer.open();
        }
    }

    private static void assertMatches(List<LayerScan> scans, List<? extends Layer> layers) {
        assertThat(scans).hasSize(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            assertThat(scans.get(i).digest()).isEqualTo(layers.get(i).digest());
            assertThat(scans.get(i).diffId()).isEqualTo(layers.get(i).diffId());
            assertThat(scans.get(i).mediaType()).isEqualTo(layers.get(i).mediaType());
            assertThat(scans.get(i).entries()).extracting(LayerEntry::path).contains("layer" + i + "/r.bin");
        }
    }

    @Test
    void scansInParallelAndAnswersInLayerOrder(@TempDir Path dir) throws IOException {
        TestImage image = sixLayers(new ImageFactory(dir));
        Map<Integer, Long> progress = new ConcurrentHashMap<>();
        List<Integer> started = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, Boolean> threads = new ConcurrentHashMap<>();
        List<LayerScan> scans = new ImageScanner(SCANNER, LayerCache.NONE, 3).scanAll(image.layers(),
                new ScanListener() {
                    @Override
                    public void layerStarted(int index, long compressedSize, boolean cached) {
                        started.add(index);
                        threads.put(Thread.currentThread().getName(), cached);
                    }

                    @Override
                    public void layerProgress(int index, long bytesRead) {
                        progress.merge(index, bytesRead, Math::max);
                    }
                });
        assertMatches(scans, image.layers());
        assertThat(started).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(threads.keySet()).allSatisfy(t -> assertThat(t).startsWith("whittle-xray-")).hasSizeBetween(1, 3);
        for (int i = 0; i < 6; i++) {
            assertThat(progress.get(i)).as("layer " + i).isEqualTo(image.layers().get(i).size());
        }
        assertThat(scans.get(3).entries()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(LayerEntry.Kind.WHITEOUT);
            assertThat(e.path()).isEqualTo("layer0/f");
        });
    }

    @Test
    void secondRunReadsNoBlobFromTheCache(@TempDir Path dir) throws IOException {
        TestImage image = sixLayers(new ImageFactory(dir.resolve("images")));
        AtomicInteger opens = new AtomicInteger();
        List<Layer> layers = image.layers().stream().<Layer>map(l -> new Counted(l, opens)).toList();
        DirectoryLayerCache cache = new DirectoryLayerCache(dir.resolve("cache"));
        List<LayerScan> first = new ImageScanner(SCANNER, cache, 2).scanAll(layers, ScanListener.NONE);
        assertThat(opens.get()).isEqualTo(6);
        List<Boolean> cachedFlags = java.util.Collections.synchronizedList(new ArrayList<>());
        List<LayerScan> second = new ImageScanner(SCANNER, cache, 2).scanAll(layers, new ScanListener() {
            @Override
            public void layerStarted(int index, long compressedSize, boolean cached) {
                cachedFlags.add(cached);
            }
        });
        assertThat(opens.get()).isEqualTo(6);
        assertThat(second).isEqualTo(first);
        assertThat(cachedFlags).hasSize(6).containsOnly(true);
        // Another scanner version is another key: everything is read again.
        LayerScanner other = new LayerScanner(TarLimits.DEFAULTS, List.of(file -> null));
        new ImageScanner(other, cache, 2).scanAll(layers, ScanListener.NONE);
        assertThat(opens.get()).isEqualTo(12);
    }

    @Test
    void corruptCacheFileIsIgnored(@TempDir Path dir) throws IOException {
        TestImage image = sixLayers(new ImageFactory(dir.resolve("images")));
        DirectoryLayerCache cache = new DirectoryLayerCache(dir.resolve("cache"));
        List<LayerScan> first = new ImageScanner(SCANNER, cache, 2).scanAll(image.layers(), ScanListener.NONE);
        Path file = cache.file(image.layers().get(1).digest(), SCANNER.fingerprint());
        Files.write(file, new byte[]{1, 2, 3});
        AtomicInteger opens = new AtomicInteger();
        List<Layer> layers = image.layers().stream().<Layer>map(l -> new Counted(l, opens)).toList();
        List<LayerScan> again = new ImageScanner(SCANNER, cache, 2).scanAll(layers, ScanListener.NONE);
        assertThat(again).isEqualTo(first);
        assertThat(opens.get()).isEqualTo(1);
        assertThat(Files.size(file)).isGreaterThan(3);
    }

    @Test
    void firstFailureCancelsTheRestAndKeepsItsType() {
        byte[] tar = new RawTar().file("a", "1").bytes();
        byte[] gz = RawTar.gzip(tar);
        // The config claims another diffID: CORRUPT, found at once.
        BytesLayer bad = new BytesLayer(Descriptor.of(MediaType.OCI_LAYER_GZIP, gz),
                Digest.sha256("other".getBytes()), gz, new AtomicInteger());
        byte[] bigTar = new RawTar().file("big", new byte[64 << 20]).bytes();
        AtomicLong slowRead = new AtomicLong();
        Layer slow = new SlowLayer(BytesLayer.of(MediaType.OCI_LAYER, bigTar, bigTar), slowRead);
        long start = System.nanoTime();
        assertThatThrownBy(() -> new ImageScanner(SCANNER, LayerCache.NONE, 3)
                .scanAll(List.of(slow, bad, slow), ScanListener.NONE))
                .isInstanceOfSatisfying(LayerException.class,
                        e -> assertThat(e.kind()).isEqualTo(LayerException.Kind.CORRUPT));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        // At 64 KB every 10 ms, reading both slow layers to the end would take over 20 seconds.
        assertThat(slowRead.get()).isLessThan(2L * bigTar.length / 4);
    }

    /** A layer whose blob trickles in, 64 KB per 10 ms. */
    private record SlowLayer(Layer layer, AtomicLong read) implements Layer {
        @Override
        public Descriptor descriptor() {
            return layer.descriptor();
        }

        @Override
        public Digest diffId() {
            return layer.diffId();
        }

        @Override
        public InputStream open() throws IOException {
            InputStream in = layer.open();
            return new java.io.FilterInputStream(in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException();
                    }
                    int n = in.read(b, off, Math.min(len, 64 << 10));
                    if (n > 0) {
                        read.addAndGet(n);
                    }
                    return n;
                }
            };
        }
    }

    @Test
    void scansAnImageFromARealRegistry(@TempDir Path dir) throws IOException {
        TestImage image = sixLayers(new ImageFactory(dir));
        image.push(REGISTRY.url(), "xray/scan", "v1");
        try (RegistryClient client = RegistryClient.builder().build()) {
            Image remote = Images.image(client.repository(REGISTRY.hostPort(), "xray/scan"), "v1",
                    Platform.of("linux", "amd64"));
            List<Layer> layers = remote.layers();
            List<LayerScan> scans = new ImageScanner(SCANNER, LayerCache.NONE, 3).scanAll(layers,
                    ScanListener.NONE);
            assertMatches(scans, layers);
            assertThat(scans).extracting(LayerScan::diffId).containsExactlyElementsOf(image.diffIds());
        }
    }

    @Test
    void scansAnImageFromAnOciLayout(@TempDir Path dir) throws IOException {
        TestImage image = sixLayers(new ImageFactory(dir.resolve("images")));
        image.writeLayout(dir.resolve("layout"), "v1");
        Image local = Images.image(OciLayout.open(dir.resolve("layout")), "v1", Platform.of("linux", "amd64"));
        List<LayerScan> scans = new ImageScanner(SCANNER, new DirectoryLayerCache(dir.resolve("cache")), 4)
                .scanAll(local.layers(), ScanListener.NONE);
        assertMatches(scans, local.layers());
        assertThat(scans).extracting(LayerScan::diffId).containsExactlyElementsOf(image.diffIds());
        assertThat(scans.get(0).tarBytes()).isEqualTo(image.testLayers().get(0).uncompressedSize());
    }
}
