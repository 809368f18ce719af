package io.whittle.xray;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.packageurl.PackageURL;
import io.whittle.oci.Image;
import io.whittle.oci.Platform;
import io.whittle.oci.image.Images;
import io.whittle.oci.layout.OciLayout;
import io.whittle.testkit.Umoci;
import io.whittle.xray.finding.Finding;
import io.whittle.xray.fs.MergedFile;
import io.whittle.xray.fs.RootfsListing;
import io.whittle.xray.pkg.OsRelease;
import io.whittle.xray.pkg.Package;
import io.whittle.xray.report.XrayReport;
import io.whittle.xray.sbom.SbomSchemas;
import io.whittle.xray.sbom.Sboms;
import io.whittle.xray.scan.LayerEntry.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * X-ray of a real Debian bookworm root (debootstrap minbase) in a two-layer image made by umoci, checked against
 * real peers: {@code dpkg-query} for the packages, {@code umoci unpack --rootless} for the merged file system, the
 * official JSON schemas for the SBOMs. See {@link DebianImage} for how the image is made.
 */
class DebianImageTest {
    @TempDir
    static Path temp;

    static DebianImage.Fixture fixture;
    static Path rootfs;
    static XrayResult result;
    static XrayReport report;

    @BeforeAll
    static void xray() throws IOException {
        fixture = DebianImage.get();
        rootfs = Umoci.create().unpack(fixture.layout(), DebianImage.TAG, temp.resolve("bundle"));
        Image image = Images.image(OciLayout.open(fixture.layout()), DebianImage.TAG, Platform.of("linux", "amd64"));
        result = new Xray(XrayOptions.defaults()).analyze(image, "oci:" + fixture.layout() + ":" + DebianImage.TAG,
                Optional.empty(), XrayListener.NONE);
        report = result.report();
    }

    @Test
    void theImageHasTheRootLayerAndTheCleanUpLayer() {
        assertThat(report.layers()).extracting(XrayReport.LayerInfo::createdBy)
                .containsExactly(DebianImage.CREATED_BY_ROOT, DebianImage.CREATED_BY_CLEANUP);
        assertThat(report.image().platform()).isEqualTo("linux/amd64");
    }

    @Test
    void debPackagesAreExactlyWhatDpkgQueryListsWithTheirVersions() throws Exception {
        List<String> expected = Arrays.stream(DebianImage.run(List.of("dpkg-query",
                        "--admindir=" + fixture.root().resolve("var/lib/dpkg"), "-W", "-f", "${Package} ${Version}\n"))
                .split("\n")).filter(l -> !l.isBlank()).sorted().toList();
        List<Package> debs = report.packages().stream().filter(p -> p.type().equals("deb")).toList();
        assertThat(expected).hasSizeGreaterThan(50);
        assertThat(debs).hasSameSizeAs(expected);
        assertThat(debs.stream().map(p -> p.name() + " " + p.version()).sorted().toList())
                .containsExactlyElementsOf(expected);
        for (Package p : debs) {
            PackageURL purl = new PackageURL(p.purl());
            assertThat(purl.getType()).as(p.purl()).isEqualTo("deb");
            assertThat(purl.getNamespace()).as(p.purl()).isEqualTo("debian");
            assertThat(purl.getName()).as(p.purl()).isEqualTo(p.name());
            assertThat(purl.getVersion()).as(p.purl()).isEqualTo(p.version());
            assertThat(purl.getQualifiers()).as(p.purl()).containsEntry("distro", "debian-12");
        }
    }

    @Test
    void osIsDebian12FromTheOsReleaseFileOfTheTopLayer() throws IOException {
        String point = Files.readString(rootfs.resolve("etc/debian_version")).strip();
        assertThat(point).matches("12\\.\\d+");
        OsRelease os = report.os().orElseThrow();
        assertThat(os.id()).isEqualTo("debian");
        assertThat(os.versionId()).contains(point);
        assertThat(os.codename()).contains("bookworm");
        // etc/os-release, a file in layer 1 (a symlink to usr/lib/os-release in layer 0), wins over usr/lib.
        assertThat(os.prettyName()).contains(DebianImage.PRETTY_NAME);
    }

    @Test
    void theMergedTreeIsWhatUmociUnpacks() throws IOException {
        TreeMap<String, String> merged = new TreeMap<>();
        result.tree().forEach(f -> merged.put(f.path(), isDevice(f)
                // umoci --rootless cannot make device nodes and writes empty files with their modes instead
                ? "file 0 " + Integer.toOctalString(f.mode()) : RootfsListing.describe(f)));
        TreeMap<String, String> disk = RootfsListing.onDisk(rootfs);
        assertThat(merged.keySet()).containsExactlyElementsOf(disk.keySet());
        assertThat(merged).isEqualTo(disk);
        // the tree must not be trivially small: the root has thousands of paths
        assertThat(merged).hasSizeGreaterThan(5000);
        assertThat(result.tree().stats().others()).as("the devices of /dev").isGreaterThanOrEqualTo(5);
    }

    @Test
    void filesCountIsEveryPathThatIsNeitherDirectoryNorSymlink() throws IOException {
        // files.count = regular files + hard links + devices and FIFOs (Xray.filesInfo), which on a rootless
        // unpack are all regular files: hard links are files with more names, devices empty files.
        long regular;
        long symlinks;
        long dirs;
        try (Stream<Path> walk = Files.walk(rootfs)) {
            List<Path> all = walk.filter(p -> !p.equals(rootfs)).toList();
            regular = all.stream().filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).count();
            symlinks = all.stream().filter(Files::isSymbolicLink).count();
            dirs = all.stream().filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).count();
            assertThat(regular + symlinks + dirs).isEqualTo(all.size());
        }
        assertThat(report.files().count()).isEqualTo(regular);
        assertThat(report.files().symlinks()).isEqualTo(symlinks);
        assertThat(report.files().directories()).isEqualTo(dirs);
    }

    @Test
    void theCleanUpLayerRemovedWhatIsGoneFromTheUnpackedRootAndAddedOneFile() throws IOException {
        // removed: every path of the debootstrap root that the unpacked image lacks, bytes of regular files only
        long removed = 0;
        long removedBytes = 0;
        Path root = fixture.root();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!Files.exists(rootfs.resolve(root.relativize(p).toString()), LinkOption.NOFOLLOW_LINKS)) {
                    removed++;
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        removedBytes += Files.size(p);
                    }
                }
            }
        }
        assertThat(removed).as("apt lists and the bash docs").isGreaterThanOrEqualTo(15);
        XrayReport.LayerInfo cleanUp = report.layers().get(1);
        assertThat(cleanUp.removed()).isEqualTo(new XrayReport.Change(removed, removedBytes));
        assertThat(cleanUp.added()).isEqualTo(new XrayReport.Change(1,
                DebianImage.ADDED_TEXT.getBytes(StandardCharsets.UTF_8).length));
        assertThat(result.tree().get(DebianImage.DELETED_DIR)).isEmpty();
        assertThat(result.tree().get("usr/share/doc")).map(MergedFile::kind).contains(Kind.DIRECTORY);

        assertThat(result.tree().get("var/lib/apt/lists")).map(MergedFile::kind).contains(Kind.DIRECTORY);
        List<String> underLists = new java.util.ArrayList<>();
        result.tree().forEach(f -> {
            if (f.path().startsWith("var/lib/apt/lists/")) {
                underLists.add(f.path());
            }
        });
        assertThat(underLists).isEmpty();
        assertThat(result.tree().get(DebianImage.ADDED)).map(MergedFile::layer).contains(1);
        assertThat(result.tree().get("etc/os-release")).map(MergedFile::kind).contains(Kind.FILE);
        // the apt lists were in layer 0 but are deleted: no cache finding may point at them
        assertThat(report.findings()).noneMatch(f -> f.path().startsWith("/var/lib/apt/lists"));
    }

    @Test
    void findingsSayRootShellsAndPackageManagersAndTheDockerfileIsRebuilt() throws IOException {
        assertThat(report.findings()).extracting(Finding::id).contains("root-user", "shell", "package-manager");
        assertThat(report.findings()).filteredOn(f -> f.id().equals("shell")).extracting(Finding::path)
                .contains("/usr/bin/bash");
        assertThat(report.findings()).filteredOn(f -> f.id().equals("package-manager")).extracting(Finding::path)
                .contains("/usr/bin/dpkg");

        // setuid findings name exactly the setuid files of the unpacked root
        TreeSet<String> setuid = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(rootfs)) {
            for (Path p : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                if ((RootfsListing.mode(p) & 04000) != 0) {
                    setuid.add("/" + rootfs.relativize(p));
                }
            }
        }
        assertThat(setuid).isNotEmpty();
        assertThat(report.findings().stream().filter(f -> f.id().equals("setuid")).map(Finding::path).sorted())
                .containsExactlyElementsOf(setuid);

        assertThat(report.dockerfile()).isNotBlank().contains("rm -rf /var/lib/apt/lists/*").contains("CMD")
                .contains("/bin/bash");
    }

    @Test
    void bothSbomsValidateAgainstTheirSchemasAndListEveryPackage() throws IOException {
        assertThat(SbomSchemas.errors(Sboms.Format.CYCLONEDX, report)).isEmpty();
        assertThat(SbomSchemas.errors(Sboms.Format.SPDX, report)).isEmpty();
        String cyclonedx = new String(SbomSchemas.write(Sboms.Format.CYCLONEDX, report), StandardCharsets.UTF_8);
        String spdx = new String(SbomSchemas.write(Sboms.Format.SPDX, report), StandardCharsets.UTF_8);
        assertThat(report.packages()).extracting(Package::name).contains("bash", "libc6", "dpkg");
        for (Package p : report.packages()) {
            assertThat(cyclonedx).as(p.purl()).contains("\"" + p.purl() + "\"");
            assertThat(spdx).as(p.purl()).contains("\"" + p.purl() + "\"");
        }
    }

    @Test
    void hardLinksOfTheRootStayLinkedUnlessAnUpperLayerPartedThem() throws IOException {
        // the pair made private in layer 1: both names carry the new mode, as on disk
        Path chmodded = rootfs.resolve(DebianImage.CHMODDED);
        assertThat(RootfsListing.mode(chmodded)).isEqualTo(0700);
        assertThat(result.tree().get(DebianImage.CHMODDED)).map(MergedFile::mode).contains(0700);
        assertThat(result.tree().get("usr/bin/uncompress")).map(MergedFile::mode).contains(0700);
        // the pair parted in layer 1: the other name keeps layer 0's content and size (umoci writes it again, as
        // its link count changed)
        long perlSize = Files.size(fixture.root().resolve("usr/bin/perl5.36.0"));
        assertThat(perlSize).isGreaterThan(1_000_000);
        assertThat(result.tree().get("usr/bin/perl5.36.0")).map(MergedFile::size).contains(perlSize);
        assertThat(result.tree().get(DebianImage.REWRITTEN)).map(MergedFile::size)
                .contains((long) DebianImage.REWRITTEN_TEXT.length());
        assertThat(RootfsListing.inode(rootfs.resolve("usr/bin/perl5.36.0")))
                .isNotEqualTo(RootfsListing.inode(rootfs.resolve(DebianImage.REWRITTEN)));

        // every hard link whose target comes from the same layer is the same inode on disk
        List<String> checked = new java.util.ArrayList<>();
        result.tree().forEach(f -> {
            boolean sameLayer = result.tree().get(f.linkTarget()).map(t -> t.layer() == f.layer()).orElse(false);
            if (f.kind() == Kind.HARDLINK && sameLayer) {
                assertThat(RootfsListing.inode(rootfs.resolve(f.path()))).as(f.path())
                        .isEqualTo(RootfsListing.inode(rootfs.resolve(f.linkTarget())));
                checked.add(f.path());
            }
        });
        assertThat(checked).isNotEmpty();
    }

    private static boolean isDevice(MergedFile f) {
        return f.kind() == Kind.CHAR_DEVICE || f.kind() == Kind.BLOCK_DEVICE;
    }
}
