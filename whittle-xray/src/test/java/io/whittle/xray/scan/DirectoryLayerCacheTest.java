package io.whittle.xray.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.oci.Digest;
import io.whittle.oci.MediaType;
import io.whittle.xray.finding.Finding;
import io.whittle.xray.finding.Severity;
import io.whittle.xray.pkg.OsRelease;
import io.whittle.xray.pkg.Package;
import io.whittle.xray.tar.TarAnomaly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLayerCacheTest {
    private static final String FP = "layer-scan/1;test@1";

    static LayerScan sample() {
        List<LayerEntry> entries = new ArrayList<>();
        entries.add(new LayerEntry("usr", LayerEntry.Kind.DIRECTORY, 0, 0755, 0, 0, "", 0));
        entries.add(new LayerEntry("usr/bin/sh", LayerEntry.Kind.FILE, 123_456, 04755, 0, 0, "", 0xdeadbeef_cafebabeL));
        entries.add(new LayerEntry("usr/bin/bash", LayerEntry.Kind.HARDLINK, 0, 0755, 1000, -1, "usr/bin/sh", 0));
        entries.add(new LayerEntry("usr/lib/é/ünïcode", LayerEntry.Kind.SYMLINK, 0, 0777, 0, 0, "../../x", 0));
        entries.add(new LayerEntry("d/".repeat(40_000) + "deep", LayerEntry.Kind.FILE, 1L << 40, 0644,
                Integer.MAX_VALUE + 5L, 7, "", -1L));
        entries.add(new LayerEntry("", LayerEntry.Kind.OPAQUE, 0, 0644, 0, 0, "", 0));
        entries.add(new LayerEntry("var/gone", LayerEntry.Kind.WHITEOUT, 0, 0644, 0, 0, "", 0));
        entries.add(new LayerEntry("dev/null", LayerEntry.Kind.CHAR_DEVICE, 0, 0666, 0, 0, "", 0));
        List<Evidence> evidence = List.of(
                new Evidence.PackageFound("var/lib/dpkg/status", new Package("deb", "bash", "5.2-1",
                        "pkg:deb/debian/bash@5.2-1?arch=amd64", List.of("GPL-3.0"), "var/lib/dpkg/status",
                        List.of("bin/bash"))),
                new Evidence.OwnedFiles("var/lib/dpkg/info/bash.list", "deb", "bash", List.of("bin/bash", "usr")),
                new Evidence.OsFound("etc/os-release", new OsRelease("debian", Optional.of("12"), Optional.empty(),
                        Optional.of("linux"), Optional.of("bookworm"))),
                new Evidence.FindingFound("root/.ssh/id_rsa", new Finding("private-key", Severity.HIGH,
                        "/root/.ssh/id_rsa", "A private key is stored in the image.")));
        List<TarAnomaly> anomalies = List.of(new TarAnomaly(TarAnomaly.Kind.TRAVERSAL, "../x", "climbs."));
        Digest digest = Digest.sha256("blob".getBytes(StandardCharsets.UTF_8));
        Digest diffId = Digest.sha256("tar".getBytes(StandardCharsets.UTF_8));
        return new LayerScan(digest, diffId, MediaType.OCI_LAYER_GZIP, 4, 3, 1L << 40, entries, evidence, anomalies);
    }

    @Test
    void roundTripsEverything(@TempDir Path dir) throws IOException {
        DirectoryLayerCache cache = new DirectoryLayerCache(dir.resolve("cache"));
        LayerScan scan = sample();
        assertThat(cache.get(scan.digest(), FP)).isEmpty();
        cache.put(scan, FP);
        assertThat(cache.get(scan.digest(), FP)).contains(scan);
        assertThat(cache.get(scan.digest(), FP + "x")).isEmpty();
        assertThat(cache.get(scan.diffId(), FP)).isEmpty();
        try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
            assertThat(files.map(p -> p.getFileName().toString())).singleElement()
                    .satisfies(n -> assertThat(n).startsWith("sha256-" + scan.digest().hex()).endsWith(".scan"));
        }
    }

    @Test
    void damagedFilesAreMissesAndDeleted(@TempDir Path dir) throws IOException {
        DirectoryLayerCache cache = new DirectoryLayerCache(dir);
        LayerScan scan = sample();
        cache.put(scan, FP);
        Path file = cache.file(scan.digest(), FP);
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        Files.write(file, flipped);
        assertThat(cache.get(scan.digest(), FP)).isEmpty();
        assertThat(file).doesNotExist();

        Files.write(file, java.util.Arrays.copyOf(good, good.length - 100));
        assertThat(cache.get(scan.digest(), FP)).isEmpty();
        assertThat(file).doesNotExist();

        Files.write(file, "garbage".getBytes(StandardCharsets.UTF_8));
        assertThat(cache.get(scan.digest(), FP)).isEmpty();
        assertThat(file).doesNotExist();

        Files.write(file, good);
        assertThat(cache.get(scan.digest(), FP)).contains(scan);
    }

    @Test
    void leavesNoTemporaryFiles(@TempDir Path dir) throws IOException {
        DirectoryLayerCache cache = new DirectoryLayerCache(dir);
        cache.put(sample(), FP);
        cache.put(sample(), FP);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }
}
