package io.whittle.xray.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.ImageSpec;
import io.whittle.testkit.LayerSpec;
import io.whittle.testkit.TestImage;
import io.whittle.testkit.TestLayer;
import io.whittle.testkit.Umoci;
import io.whittle.xray.scan.LayerEntry.Kind;
import io.whittle.xray.scan.LayerScan;
import io.whittle.xray.scan.LayerScanner;
import io.whittle.xray.tar.TarLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merged tree against the real thing: {@code umoci unpack --rootless} of the same image gives the root file
 * system; both must list the same paths with the same types, file sizes, permission bits and link targets
 * ({@link RootfsListing}). Owners are left out: a rootless unpack owns everything itself.
 */
class MergedTreeUmociTest {

    @TempDir
    Path temp;

    @Test
    void matchesUmociOnAnImageExercisingEveryRule() throws IOException {
        LayerSpec base = LayerSpec.builder()
                .dir("etc").file("etc/a", "hello\n").file("etc/b", "bee\n").dir("etc/sub")
                .file("etc/sub/x", "secret".getBytes(), 0600, 0, 0).symlink("etc/link", "a")
                .hardLink("etc/hl", "etc/a")
                .dir("opt").dir("opt/app").file("opt/app/f", "f1").file("opt/app/g", "g1")
                .dir("var").dir("var/cache").file("var/cache/c1", "c1").dir("var/cache/d").file("var/cache/d/c2", "c2")
                .file("implied/parent/file", "no dir entries above me")
                .file("x", "x is a file first").dir("y").file("y/a", "under y")
                .file("setuid", "s".getBytes(), 04755, 0, 0).dir("sticky", 01777, 0, 0)
                .file("bin/busybox", "busybox v1".getBytes(), 0755, 0, 0).hardLink("bin/sh", "bin/busybox")
                .build();
        LayerSpec second = LayerSpec.builder()
                .file("etc/a", "hello again, longer\n".getBytes(), 0640, 0, 0).whiteout("etc/b")
                .whiteout("opt/app")
                // New file before the opaque marker in tar order: the marker must not hide it.
                .file("var/cache/new", "new").opaque("var/cache")
                .dir("x").file("x/inner", "x became a directory").file("y", "y became a file")
                .dir("etc", 0700, 0, 0).file("etc/n", "version one").hardLink("etc/hl2", "etc/n")
                .file("bin/busybox", "busybox v2, bigger".getBytes(), 0755, 0, 0)
                .build();
        LayerSpec third = LayerSpec.builder()
                .dir("opt/app").file("opt/app/f", "f1").whiteout("etc/sub")
                // The link made in the layer below keeps the old version of etc/n.
                .file("etc/n", "version two, longer").symlink("etc/abs", "/etc/a")
                .file("deep/new/dir/file", "implied again").file("lib/real", "linked").hardLink("lib/alias", "lib/real")
                .build();
        compare(ImageSpec.builder(ImageFormat.OCI).layer(base).layer(second).layer(third).build(), "lib/alias");
    }

    @Test
    void matchesUmociWhenADeletedDirectoryIsReAddedInTheSameLayer() throws IOException {
        LayerSpec base = LayerSpec.builder().dir("d").file("d/a", "a").dir("d/e").file("d/e/b", "b").build();
        // The whiteout comes after the re-added content: it still only reaches the layer below.
        LayerSpec second = LayerSpec.builder().dir("d").file("d/c", "c").whiteout("d").build();
        // umoci 0.4.7 reads OCI manifests only.
        compare(ImageSpec.builder(ImageFormat.OCI).layer(base).layer(second).build());
    }

    @Test
    void matchesUmociOnRandomImages() throws IOException {
        Random random = new Random(15);
        for (int round = 0; round < 6; round++) {
            ImageSpec.Builder spec = ImageSpec.builder(ImageFormat.OCI);
            int layers = 2 + random.nextInt(3);
            for (int l = 0; l < layers; l++) {
                spec.layer(randomLayer(random));
            }
            Path dir = Files.createDirectory(temp.resolve("round" + round));
            compareIn(dir, spec.build(), null);
        }
    }

    /**
     * A layer over a small namespace where names tell kinds apart (d* directories, f* files, s* symlinks, h* hard
     * links), so every parent is a directory, as umoci requires, while whiteouts, opaque markers, re-adds and
     * implied parents happen often. Paths are not repeated within a layer.
     */
    private static LayerSpec randomLayer(Random random) {
        LayerSpec.Builder b = LayerSpec.builder();
        Set<String> used = new HashSet<>();
        List<String> files = new ArrayList<>();
        int entries = 3 + random.nextInt(12);
        for (int i = 0; i < entries; i++) {
            StringBuilder parent = new StringBuilder();
            int depth = random.nextInt(3);
            for (int d = 0; d < depth; d++) {
                parent.append("d").append(random.nextInt(3)).append('/');
            }
            int pick = random.nextInt(12);
            String kind = pick < 4 ? "f" : pick < 6 ? "d" : pick < 7 ? "s" : pick < 8 ? "h" : pick < 11 ? "w" : "o";
            String name = switch (kind) {
                case "w" -> random.nextBoolean() ? "d" + random.nextInt(3) : "f" + random.nextInt(3);
                case "o" -> "";
                default -> kind + random.nextInt(3);
            };
            String path = parent + name;
            if (kind.equals("o")) {
                path = parent.isEmpty() ? "" : parent.substring(0, parent.length() - 1);
            }
            if (!used.add(kind + ":" + path) || kind.equals("h") && files.isEmpty()) {
                continue;
            }
            switch (kind) {
                case "f" -> {
                    byte[] content = new byte[random.nextInt(40)];
                    random.nextBytes(content);
                    b.file(path, content, new int[] {0644, 0600, 0755}[random.nextInt(3)], 0, 0);
                    files.add(path);
                }
                case "d" -> b.dir(path, new int[] {0755, 0700, 0750}[random.nextInt(3)], 0, 0);
                case "s" -> b.symlink(path, "../somewhere/" + random.nextInt(5));
                case "h" -> b.hardLink(path, files.get(random.nextInt(files.size())));
                case "w" -> b.whiteout(path);
                default -> b.opaque(path);
            }
        }
        return b.file("marker" + random.nextInt(1000), "so that no layer is empty").build();
    }

    private void compare(ImageSpec spec, String... sameInode) throws IOException {
        compareIn(temp, spec, sameInode);
    }

    private void compareIn(Path temp, ImageSpec spec, String[] sameInode) throws IOException {
        try (ImageFactory factory = new ImageFactory(temp.resolve("blobs"))) {
            TestImage image = factory.image(spec);
            image.writeLayout(temp.resolve("layout"), "t");
            Path rootfs = Umoci.create().unpack(temp.resolve("layout"), "t", temp.resolve("bundle"));

            LayerScanner scanner = new LayerScanner(TarLimits.DEFAULTS, List.of());
            List<LayerScan> scans = new ArrayList<>();
            for (TestLayer layer : image.testLayers()) {
                scans.add(scanner.scan(layer));
            }
            MergedTree tree = MergedTree.merge(scans);

            assertThat(RootfsListing.of(tree)).isEqualTo(RootfsListing.onDisk(rootfs));

            // Hard links are real hard links there: the same inode as the file they name, while it is unchanged.
            List<String> checked = new ArrayList<>();
            tree.forEach(f -> {
                boolean targetUnchanged = tree.get(f.linkTarget()).map(t -> t.layer() == f.layer()).orElse(false);
                if (f.kind() == Kind.HARDLINK && targetUnchanged) {
                    assertThat(RootfsListing.inode(rootfs.resolve(f.path()))).as(f.path())
                            .isEqualTo(RootfsListing.inode(rootfs.resolve(f.linkTarget())));
                    checked.add(f.path());
                }
            });
            if (sameInode != null) {
                assertThat(checked).as("hard links checked").containsExactly(sameInode);
            }
        }
    }
}
