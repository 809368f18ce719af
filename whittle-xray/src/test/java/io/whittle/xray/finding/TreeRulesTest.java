package io.whittle.xray.finding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.whittle.oci.Digest;
import io.whittle.oci.ImageConfig;
import io.whittle.xray.fs.MergedTree;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.LayerEntry;
import io.whittle.xray.scan.LayerEntry.Kind;
import io.whittle.xray.scan.LayerScan;
import io.whittle.xray.tar.TarAnomaly;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tree rules over a merged tree made by the real merge, and the whole of {@link Findings#of}. */
class TreeRulesTest {

    /** One layer's entries, written by hand in tar order. */
    static final class Layer {
        private final List<LayerEntry> entries = new ArrayList<>();
        private final String name;

        Layer(String name) {
            this.name = name;
        }

        Layer dir(String path, int mode) {
            entries.add(new LayerEntry(path, Kind.DIRECTORY, 0, mode, 0, 0, "", 0));
            return this;
        }

        Layer file(String path, long size, int mode) {
            return file(path, size, mode, 0);
        }

        Layer file(String path, long size, int mode, long uid) {
            entries.add(new LayerEntry(path, Kind.FILE, size, mode, uid, 0, "", 17 + size));
            return this;
        }

        Layer symlink(String path, String target) {
            entries.add(new LayerEntry(path, Kind.SYMLINK, 0, 0777, 0, 0, target, 0));
            return this;
        }

        Layer whiteout(String path) {
            entries.add(new LayerEntry(path, Kind.WHITEOUT, 0, 0644, 0, 0, "", 0));
            return this;
        }

        LayerScan scan() {
            Digest d = Digest.sha256(name.getBytes(StandardCharsets.UTF_8));
            return new LayerScan(d, d, "application/vnd.oci.image.layer.v1.tar", 0, 0,
                    entries.stream().mapToLong(LayerEntry::size).sum(), entries, List.of(), List.of());
        }
    }

    static MergedTree merge(Layer... layers) {
        return MergedTree.merge(Arrays.stream(layers).map(Layer::scan).toList());
    }

    static List<Finding> tree(MergedTree tree) {
        return TreeRules.check(tree, Findings.DEFAULT_BIG_FILE_BYTES);
    }

    static Layer base() {
        return new Layer("base").dir("bin", 0755).dir("usr", 0755).dir("usr/bin", 0755).dir("tmp", 01777)
                .dir("var", 0755).dir("var/tmp", 01777);
    }

    @Test
    void setuidAndSetgidFiles() {
        List<Finding> found = tree(merge(base()
                .file("usr/bin/passwd", 60_000, 04755)
                .file("usr/bin/helper", 1_000, 04755, 1000)
                .file("usr/bin/wall", 30_000, 02755)
                .dir("var/mail", 02775)
                .file("usr/bin/ls", 140_000, 0755)));
        assertThat(found).extracting(Finding::id, Finding::severity, Finding::path).containsExactlyInAnyOrder(
                tuple("setuid", Severity.MEDIUM, "/usr/bin/passwd"),
                tuple("setuid", Severity.LOW, "/usr/bin/helper"),
                tuple("setgid", Severity.LOW, "/usr/bin/wall"));
    }

    @Test
    void worldWritableFilesAndDirectoriesButNotSymlinksOrScratchDirs() {
        List<Finding> found = tree(merge(base()
                .dir("app", 0755)
                .file("app/data.txt", 10, 0666)
                .dir("app/uploads", 0777)
                .dir("app/shared", 01777)
                .symlink("app/link", "data.txt")
                .file("app/ok.txt", 10, 0664)));
        assertThat(found).extracting(Finding::id, Finding::severity, Finding::path).containsExactlyInAnyOrder(
                tuple("world-writable", Severity.MEDIUM, "/app/data.txt"),
                tuple("world-writable", Severity.MEDIUM, "/app/uploads"),
                tuple("world-writable", Severity.INFO, "/app/shared"));
    }

    @Test
    void shellsAndPackageManagersOnThePath() {
        List<Finding> found = tree(merge(base()
                .file("bin/bash", 1_200_000, 0755)
                .symlink("bin/sh", "bash")
                .file("usr/bin/apt-get", 50_000, 0755)
                .dir("usr/local", 0755).dir("usr/local/bin", 0755)
                .file("usr/local/bin/pip3.12", 300, 0755)
                .file("usr/bin/shred", 50_000, 0755)
                .dir("app", 0755).dir("app/bin", 0755).file("app/bin/sh", 100, 0755)));
        assertThat(found).extracting(Finding::id, Finding::path).containsExactlyInAnyOrder(
                tuple("shell", "/bin/bash"), tuple("shell", "/bin/sh"),
                tuple("package-manager", "/usr/bin/apt-get"), tuple("package-manager", "/usr/local/bin/pip3.12"));
    }

    @Test
    void cachesLeftBehindWithTheirBytesAndNotWhatALaterLayerDeleted() {
        Layer install = new Layer("install")
                .dir("var/lib", 0755).dir("var/lib/apt", 0755).dir("var/lib/apt/lists", 0755)
                .file("var/lib/apt/lists/lock", 0, 0640)
                .file("var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4",
                        9_000_000, 0644)
                .file("var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease", 150_000, 0644)
                .dir("root", 0700).dir("root/.cache", 0755).dir("root/.cache/pip", 0755)
                .dir("root/.cache/pip/http", 0755)
                .file("root/.cache/pip/http/a1", 2_500, 0644)
                .dir("var/cache", 0755).dir("var/cache/apk", 0755)
                .file("var/cache/apk/APKINDEX.tar.gz", 600_000, 0644)
                .file("tmp/build.log", 1_234, 0644);
        Layer cleanup = new Layer("cleanup").whiteout("var/cache/apk/APKINDEX.tar.gz");
        List<Finding> found = tree(merge(base(), install, cleanup));
        assertThat(found).extracting(Finding::id, Finding::path).containsExactlyInAnyOrder(
                tuple("cache", "/var/lib/apt/lists"), tuple("cache", "/root/.cache/pip"), tuple("cache", "/tmp"));
        assertThat(found).filteredOn(f -> f.path().equals("/var/lib/apt/lists")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("2 files (9.2 MB)").contains("apt package lists"));
        assertThat(found).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.LOW));
    }

    @Test
    void bigFilesFromAConfigurableSize() {
        MergedTree tree = merge(base().dir("opt", 0755).file("opt/model.bin", 60L << 20, 0644)
                .file("opt/small.bin", 10L << 20, 0644));
        assertThat(tree(tree)).extracting(Finding::id, Finding::path).containsExactly(tuple("big-file", "/opt/model.bin"));
        assertThat(TreeRules.check(tree, 100L << 20)).isEmpty();
        assertThat(TreeRules.check(tree, 5L << 20)).hasSize(2);
    }

    @Test
    void findingsOfCombinesEverySourceSortedBySeverityThenIdThenPath() {
        ImageConfig config = ConfigRulesTest.config(c -> c.putArray("Env").add("API_KEY=sk_live_0123456789abcdef"));
        MergedTree tree = merge(base().file("bin/sh", 100_000, 0755).file("usr/bin/su", 70_000, 04755)
                .file("usr/bin/passwd", 60_000, 04755));
        Finding key = new Finding("private-key", Severity.HIGH, "/root/.ssh/id_rsa", "a key");
        List<Evidence> visible = List.of(new Evidence.FindingFound("root/.ssh/id_rsa", key),
                new Evidence.FindingFound("root/.ssh/id_rsa", key));  // the same finding twice counts once
        List<TarAnomaly> anomalies = List.of(
                new TarAnomaly(TarAnomaly.Kind.TRAVERSAL, "../../etc/passwd", "An entry climbs out of the root."),
                new TarAnomaly(TarAnomaly.Kind.DEVICE, "dev/sda", "A block device node."),
                new TarAnomaly(TarAnomaly.Kind.BACKSLASH, "C:\\x", "A backslash in a name."));
        List<Finding> all = Findings.of(config, tree, visible, anomalies);
        assertThat(all).isSortedAccordingTo(Findings.ORDER);
        assertThat(all).extracting(Finding::id, Finding::severity, Finding::path).containsExactly(
                tuple("env-secret", Severity.HIGH, "config.Env.API_KEY"),
                tuple("private-key", Severity.HIGH, "/root/.ssh/id_rsa"),
                tuple("tar-traversal", Severity.HIGH, "../../etc/passwd"),
                tuple("root-user", Severity.MEDIUM, "config.User"),
                tuple("setuid", Severity.MEDIUM, "/usr/bin/passwd"),
                tuple("setuid", Severity.MEDIUM, "/usr/bin/su"),
                tuple("tar-device", Severity.MEDIUM, "dev/sda"),
                tuple("no-healthcheck", Severity.LOW, "config.Healthcheck"),
                tuple("shell", Severity.LOW, "/bin/sh"),
                tuple("tar-backslash", Severity.LOW, "C:\\x"));
        assertThat(all).allSatisfy(f -> assertThat(f.message()).doesNotContain("sk_live_0123456789abcdef"));
    }

    @Test
    void everyAnomalyKindHasASeverity() {
        for (TarAnomaly.Kind kind : TarAnomaly.Kind.values()) {
            List<Finding> f = AnomalyRules.check(List.of(new TarAnomaly(kind, "x", "m.")));
            assertThat(f.getFirst().id()).isEqualTo("tar-" + kind.name().toLowerCase().replace('_', '-'));
        }
        assertThat(AnomalyRules.severity(TarAnomaly.Kind.ESCAPING_SYMLINK)).isEqualTo(Severity.HIGH);
        assertThat(AnomalyRules.severity(TarAnomaly.Kind.BAD_HARDLINK)).isEqualTo(Severity.HIGH);
        assertThat(AnomalyRules.severity(TarAnomaly.Kind.INVALID_WHITEOUT)).isEqualTo(Severity.MEDIUM);
    }
}
