package io.whittle.xray.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How evidence becomes the OS and the package list; purls; which files scanners open. */
class CatalogersTest {

    private static List<Evidence> feed(String path, String content, int chunk) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        List<Evidence> out = new ArrayList<>();
        for (ContentScanner scanner : Catalogers.scanners()) {
            FileConsumer c = scanner.open(new FileInfo(path, bytes.length, 0644, 0, 0));
            if (c != null) {
                for (int i = 0; i < bytes.length; i += chunk) {
                    c.accept(bytes, i, Math.min(chunk, bytes.length - i));
                }
                c.finish(out::add);
            }
        }
        return out;
    }

    private static OsRelease os(String id, String version) {
        return new OsRelease(id, Optional.ofNullable(version), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void etcOsReleaseWinsOverUsrLibAndQuotesAreUndone() throws IOException {
        List<Evidence> evidence = new ArrayList<>();
        evidence.addAll(feed("usr/lib/os-release", "ID=fedora\nVERSION_ID=40\n", 3));
        evidence.addAll(feed("etc/os-release", "# comment\nNAME='Ubuntu'\r\nID=ubuntu\r\nVERSION_ID=\"24.04\"\r\n"
                + "ID_LIKE=debian\r\nPRETTY_NAME=\"Ubuntu 24.04 \\\"Noble\\\"\"\r\nVERSION_CODENAME=noble", 1));
        assertThat(Catalogers.os(evidence)).contains(new OsRelease("ubuntu", Optional.of("24.04"),
                Optional.of("Ubuntu 24.04 \"Noble\""), Optional.of("debian"), Optional.of("noble")));
        assertThat(Catalogers.os(feed("usr/lib/os-release", "ID=fedora\nVERSION_ID=40\n", 8192)))
                .contains(os("fedora", "40"));
        assertThat(Catalogers.os(feed("etc/os-release", "NAME=Something\n", 8192))).contains(os("linux", null));
        assertThat(Catalogers.os(List.of())).isEmpty();
    }

    @Test
    void debianVersionRefinesOnlyAMatchingNumberedRelease() throws IOException {
        List<Evidence> bookworm = new ArrayList<>(feed("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n", 5));
        bookworm.addAll(feed("etc/debian_version", "12.5\n", 2));
        assertThat(Catalogers.os(bookworm).flatMap(OsRelease::versionId)).contains("12.5");
        List<Evidence> trixie = new ArrayList<>(feed("etc/os-release", "ID=debian\n", 5));
        trixie.addAll(feed("etc/debian_version", "trixie/sid\n", 2));
        assertThat(Catalogers.os(trixie)).contains(os("debian", null));
        List<Evidence> mismatch = new ArrayList<>(feed("etc/os-release", "ID=debian\nVERSION_ID=11\n", 5));
        mismatch.addAll(feed("etc/debian_version", "12.5\n", 2));
        assertThat(Catalogers.os(mismatch)).contains(os("debian", "11"));
        assertThat(Catalogers.os(feed("etc/debian_version", "10.13", 4))).contains(os("debian", "10.13"));
        // the purl distro is the major release, as other tools write it
        String status = "Package: zlib1g\nStatus: install ok installed\nVersion: 1:1.2.13.dfsg-1\nArchitecture: amd64\n";
        List<Evidence> all = new ArrayList<>(bookworm);
        all.addAll(feed("var/lib/dpkg/status", status, 7));
        assertThat(Catalogers.packages(all, Catalogers.os(all))).extracting(Package::purl)
                .containsExactly("pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12");
        assertThat(Catalogers.packages(all, Optional.empty())).extracting(Package::purl)
                .containsExactly("pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64");
        assertThat(Catalogers.packages(all, Optional.of(os("ubuntu", "22.04")))).extracting(Package::purl)
                .containsExactly("pkg:deb/ubuntu/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=ubuntu-22.04");
    }

    @Test
    void packagesAreSortedDeduplicatedAndJoinedWithTheirFiles() {
        Package b = new Package("npm", "b", "1.0.0", "pkg:npm/b@1.0.0", List.of(), "n/node_modules/b/package.json",
                List.of());
        Package a2 = new Package("deb", "a", "2", "pkg:deb/debian/a@2", List.of(), "var/lib/dpkg/status", List.of());
        Package a1 = new Package("deb", "a", "1", "pkg:deb/debian/a@1", List.of(), "var/lib/dpkg/status", List.of());
        List<Evidence> evidence = List.of(new Evidence.PackageFound("x", b), new Evidence.PackageFound("s", a2),
                new Evidence.PackageFound("s", a1), new Evidence.PackageFound("x", b),
                new Evidence.OwnedFiles("var/lib/dpkg/info/a:amd64.list", "deb", "a", List.of("usr/bin/a")),
                new Evidence.OwnedFiles("var/lib/dpkg/info/b.list", "deb", "b", List.of("usr/bin/b")));
        List<Package> packages = Catalogers.packages(evidence, Optional.empty());
        assertThat(packages).extracting(Package::purl).containsExactly("pkg:deb/debian/a@1", "pkg:deb/debian/a@2",
                "pkg:npm/b@1.0.0");
        assertThat(packages.get(0).files()).containsExactly("usr/bin/a");
        assertThat(packages.get(2).files()).isEmpty();
    }

    @Test
    void purlsFollowTheSpec() {
        assertThat(Purls.of("npm", "@angular", "core", "17.0.0")).isEqualTo("pkg:npm/%40angular/core@17.0.0");
        assertThat(Purls.pypiName("Zope.Interface__x")).isEqualTo("zope-interface-x");
        assertThat(Purls.of("rpm", null, "bash", "5.2-3", Map.of("epoch", "1", "arch", "x86_64", "empty", "")))
                .isEqualTo("pkg:rpm/bash@5.2-3?arch=x86_64&epoch=1");
        assertThat(Purls.withDistro("pkg:rpm/bash@5.2-3?arch=x86_64&epoch=1", "rhel", "rhel-9.4"))
                .isEqualTo("pkg:rpm/rhel/bash@5.2-3?arch=x86_64&distro=rhel-9.4&epoch=1");
        assertThat(Purls.of("maven", "org.apache.commons", "commons-lang3", "3.14.0"))
                .isEqualTo("pkg:maven/org.apache.commons/commons-lang3@3.14.0");
    }

    @Test
    void scannersDecideOnPathAndSizeAlone() {
        record Case(String path, long size, boolean wanted) {
        }
        List<Case> cases = List.of(new Case("var/lib/dpkg/status", 1000, true),
                new Case("var/lib/dpkg/status-old", 1000, false),
                new Case("var/lib/dpkg/status.d/libc6", 1000, true),
                new Case("var/lib/dpkg/status.d/libc6.md5sums", 1000, false),
                new Case("var/lib/dpkg/info/libc6:amd64.list", 1000, true),
                new Case("var/lib/dpkg/info/libc6.md5sums", 1000, false),
                new Case("lib/apk/db/installed", 1000, true),
                new Case("var/lib/rpm/rpmdb.sqlite", 1000, true),
                new Case("usr/lib/sysimage/rpm/Packages.db", 1000, true),
                new Case("var/lib/rpm/Index.db", 1000, false),
                new Case("opt/app.war", 1000, true),
                new Case("opt/app.jar", 3L << 30, false),
                new Case("node_modules/a/package.json", 100, true),
                new Case("src/package.json", 100, false),
                new Case("node_modules/a/lib/package.json", 100, false),
                new Case("usr/lib/python3/site-packages/x-1.dist-info/METADATA", 100, true),
                new Case("usr/lib/python3/site-packages/x-1.dist-info/LICENSE", 100, false),
                new Case("usr/share/gems/specifications/x-1.gemspec", 100, true),
                new Case("src/x.gemspec", 100, false),
                new Case("app/x.deps.json", 100, true),
                new Case("etc/os-release", 100, true),
                new Case("etc/os-release", 1 << 20, false));
        for (Case c : cases) {
            boolean wanted = Catalogers.scanners().stream()
                    .anyMatch(s -> s.open(new FileInfo(c.path(), c.size(), 0644, 0, 0)) != null);
            assertThat(wanted).as(c.path() + " " + c.size()).isEqualTo(c.wanted());
        }
    }
}
