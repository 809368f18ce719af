package io.whittle.xray.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Databases written by hand after their documented formats (no apk, gem, composer or dotnet here): an Alpine
 * installed database and os-release, two gemspecs as RubyGems writes them, Composer 1 and 2 installed.json, and
 * a .NET deps.json.
 */
class CraftedCatalogersTest {
    private static ScanHarness.Result result;

    @BeforeAll
    static void scan() throws URISyntaxException {
        result = ScanHarness.scan(Path.of(CraftedCatalogersTest.class.getResource("/pkg/crafted").toURI()));
    }

    @Test
    void alpineOsAndApkPackagesWithFilesAndDistro() {
        assertThat(result.os()).contains(new OsRelease("alpine", Optional.of("3.20.0"),
                Optional.of("Alpine Linux v3.20"), Optional.empty(), Optional.empty()));
        assertThat(result.ofType("apk")).extracting(Package::purl).containsExactly(
                "pkg:apk/alpine/busybox@1.36.1-r28?arch=x86_64&distro=alpine-3.20.0",
                "pkg:apk/alpine/ca-certificates-bundle@20240226-r0?arch=x86_64&distro=alpine-3.20.0",
                "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.0");
        Package busybox = result.ofType("apk").getFirst();
        assertThat(busybox.licenses()).containsExactly("GPL-2.0-only");
        assertThat(busybox.files()).containsExactly("bin", "bin/busybox", "etc", "etc/securetty", "usr/share/udhcpc",
                "usr/share/udhcpc/default.script");
        assertThat(busybox.location()).isEqualTo("lib/apk/db/installed");
        assertThat(result.ofType("apk").get(1).licenses()).containsExactly("MPL-2.0 AND MIT");
    }

    @Test
    void rubyGemspecs() {
        assertThat(result.ofType("gem")).extracting(Package::purl, Package::licenses).containsExactly(
                org.assertj.core.groups.Tuple.tuple("pkg:gem/nokogiri@1.16.4", List.of("MIT")),
                org.assertj.core.groups.Tuple.tuple("pkg:gem/rake@13.2.1", List.of("MIT")));
    }

    @Test
    void composerVersionOneAndTwo() {
        assertThat(result.ofType("composer")).extracting(Package::purl, Package::location).containsExactly(
                org.assertj.core.groups.Tuple.tuple("pkg:composer/monolog/monolog@3.6.0",
                        "var/www/vendor/composer/installed.json"),
                org.assertj.core.groups.Tuple.tuple("pkg:composer/psr/log@3.0.0", "var/www/vendor/composer/installed.json"),
                org.assertj.core.groups.Tuple.tuple("pkg:composer/symfony/polyfill-mbstring@v1.29.0",
                        "srv/v1/vendor/composer/installed.json"));
    }

    @Test
    void dotnetPackagesButNotTheProject() {
        assertThat(result.ofType("nuget")).extracting(Package::purl).containsExactly(
                "pkg:nuget/Microsoft.Extensions.Logging.Abstractions@8.0.1", "pkg:nuget/Newtonsoft.Json@13.0.3");
    }

    @Test
    void nothingElseWasFound() {
        assertThat(result.packages()).extracting(Package::type).containsOnly("apk", "gem", "composer", "nuget")
                .hasSize(3 + 2 + 3 + 2);
    }
}
