package io.whittle.xray.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real debootstrap'd Debian bookworm root, checked with dpkg-query itself. */
class DpkgCatalogerTest {
    private static Path root;
    private static ScanHarness.Result result;

    @BeforeAll
    static void debootstrap() {
        Path script = Path.of(System.getProperty("user.dir")).resolveSibling("bin/lib/debian-fixture.sh");
        root = Path.of(ScanHarness.run("bash", script.toString()).strip());
        result = ScanHarness.scan(root);
    }

    @Test
    void everyInstalledPackageWithItsVersionAsDpkgQuerySays() {
        List<String> expected = Arrays.stream(ScanHarness.run("dpkg-query", "--admindir=" + root.resolve("var/lib/dpkg"),
                "-W", "-f", "${db:Status-Abbrev} ${Package} ${Version}\n").split("\n"))
                .filter(l -> l.startsWith("ii ")).map(l -> l.substring(4).strip()).sorted().toList();
        List<String> actual = result.ofType("deb").stream().map(p -> p.name() + " " + p.version()).sorted().toList();
        assertThat(expected).hasSizeGreaterThan(50);
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void osIsDebian12WithThePointReleaseOfDebianVersion() throws Exception {
        String point = Files.readString(root.resolve("etc/debian_version")).strip();
        assertThat(point).startsWith("12.");
        assertThat(result.os()).map(OsRelease::id).contains("debian");
        assertThat(result.os().flatMap(OsRelease::versionId)).contains(point);
        assertThat(result.os().flatMap(OsRelease::codename)).contains("bookworm");
    }

    @Test
    void purlsCarryArchAndDistroAndFilesComeFromInfoLists() throws Exception {
        Package bash = result.ofType("deb").stream().filter(p -> p.name().equals("bash")).findFirst().orElseThrow();
        // packageurl-java's canonical form percent-encodes "+" in versions
        assertThat(bash.purl()).isEqualTo("pkg:deb/debian/bash@" + bash.version().replace("+", "%2B")
                + "?arch=amd64&distro=debian-12");
        assertThat(bash.location()).isEqualTo("var/lib/dpkg/status");
        List<String> listed = Files.readAllLines(root.resolve("var/lib/dpkg/info/bash.list")).stream()
                .filter(l -> !l.equals("/.")).map(l -> l.substring(1)).toList();
        assertThat(bash.files()).containsExactlyElementsOf(listed).contains("bin/bash");
        // multi-arch packages list their files in NAME:ARCH.list
        Package libc = result.ofType("deb").stream().filter(p -> p.name().equals("libc6")).findFirst().orElseThrow();
        assertThat(root.resolve("var/lib/dpkg/info/libc6:amd64.list")).exists();
        assertThat(libc.files()).contains("lib/x86_64-linux-gnu/libc.so.6");
    }

    @Test
    void epochStaysInTheVersionAndIsEncodedInThePurl() throws Exception {
        List<Package> withEpoch = result.ofType("deb").stream().filter(p -> p.version().contains(":")).toList();
        assertThat(withEpoch).isNotEmpty();
        Package p = withEpoch.getFirst();
        assertThat(p.purl()).contains("@" + p.version().replace(":", "%3A").replace("+", "%2B") + "?");
        assertThat(new com.github.packageurl.PackageURL(p.purl()).getVersion()).isEqualTo(p.version());
    }

    @Test
    void distrolessStatusDirectoryWithoutStatusFields(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path statusD = Files.createDirectories(dir.resolve("var/lib/dpkg/status.d"));
        Files.writeString(statusD.resolve("base-files"), """
                Package: base-files
                Version: 12.4+deb12u5
                Architecture: amd64
                Maintainer: Santiago Vila <sanvila@debian.org>
                Description: Debian base system miscellaneous files
                 This package contains the basic filesystem hierarchy.
                """);
        Files.writeString(statusD.resolve("base-files.md5sums"), "0123  etc/debian_version\n");
        Files.writeString(statusD.resolve("tzdata"), "Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n");
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/os-release"), "ID=debian\nVERSION_ID=\"12\"\n");
        Files.writeString(dir.resolve("var/lib/dpkg/status"), """
                Package: removed
                Status: deinstall ok config-files
                Version: 1.0

                Package: held
                Status: hold ok installed
                Version: 2.0
                Architecture: amd64
                """);
        ScanHarness.Result r = ScanHarness.scan(dir);
        assertThat(r.ofType("deb")).extracting(Package::purl).containsExactly(
                "pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64&distro=debian-12",
                "pkg:deb/debian/held@2.0?arch=amd64&distro=debian-12",
                "pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&distro=debian-12");
        assertThat(r.os()).contains(new OsRelease("debian", Optional.of("12"), Optional.empty(), Optional.empty(),
                Optional.empty()));
    }
}
