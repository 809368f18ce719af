package io.whittle.xray.sbom;

import io.whittle.xray.pkg.OsRelease;
import io.whittle.xray.pkg.Package;
import io.whittle.xray.report.XrayReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Reports built by hand: every package type, awkward license strings, the same package at two places. */
final class SbomFixtures {
    static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
    static final String VERSION = "1.5.0-test";
    static final String ANALYZED_AT = "2026-11-27T10:15:30.123Z";

    private SbomFixtures() {
    }

    static List<Package> packages() {
        return List.of(
                new Package("deb", "libc6", "2.36-9+deb12u4",
                        "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12",
                        List.of("GPL-2.0+", "LGPL-2.1"), "var/lib/dpkg/status",
                        List.of("lib/x86_64-linux-gnu/libc.so.6", "usr/share/doc/libc6/copyright")),
                new Package("apk", "musl", "1.2.4-r2",
                        "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.19", List.of("MIT"),
                        "lib/apk/db/installed", List.of("lib/ld-musl-x86_64.so.1")),
                new Package("rpm", "openssl-libs", "3.0.7-27.el9",
                        "pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9.4&epoch=1",
                        List.of("ASL 2.0"), "var/lib/rpm/rpmdb.sqlite", List.of()),
                new Package("maven", "jackson-databind", "2.17.0",
                        "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.0",
                        List.of("Apache License, Version 2.0"), "app/lib/jackson-databind-2.17.0.jar", List.of()),
                new Package("maven", "jackson-databind", "2.17.0",
                        "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.0",
                        List.of("Apache License, Version 2.0"), "app/lib/old/jackson-databind-2.17.0.jar",
                        List.of()),
                new Package("pypi", "requests", "2.31.0", "pkg:pypi/requests@2.31.0", List.of("Apache-2.0"),
                        "usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA", List.of()),
                new Package("pypi", "requests", "2.28.1", "pkg:pypi/requests@2.28.1", List.of("apache-2.0"),
                        "opt/venv/lib/python3.11/site-packages/requests-2.28.1.dist-info/METADATA", List.of()),
                new Package("npm", "@babel/core", "7.24.0", "pkg:npm/%40babel/core@7.24.0",
                        List.of("MIT OR Apache-2.0"), "app/node_modules/@babel/core/package.json", List.of()),
                new Package("golang", "github.com/spf13/cobra", "v1.8.0",
                        "pkg:golang/github.com/spf13/cobra@v1.8.0", List.of(), "usr/local/bin/app", List.of()),
                new Package("gem", "rake", "13.1.0", "pkg:gem/rake@13.1.0", List.of("MIT", ""),
                        "usr/lib/ruby/gems/3.1.0/specifications/rake-13.1.0.gemspec", List.of()),
                new Package("composer", "monolog/monolog", "3.5.0", "pkg:composer/monolog/monolog@3.5.0",
                        List.of("MIT", "GPL-2.0-or-later WITH Classpath-exception-2.0"),
                        "app/vendor/composer/installed.json", List.of()),
                new Package("nuget", "Newtonsoft.Json", "13.0.3", "pkg:nuget/Newtonsoft.Json@13.0.3",
                        List.of("mit"), "app/app.deps.json", List.of()),
                new Package("npm", "left-pad", "1.3.0", "pkg:npm/left-pad@1.3.0",
                        List.of("MIT OR Apache-2.0", "Some Custom License", "  "),
                        "app/node_modules/left-pad/package.json", List.of()),
                new Package("cargo", "serde", "1.0.197", "pkg:cargo/serde@1.0.197",
                        List.of("(MIT OR Apache-2.0) AND Unicode-DFS-2016", "BSD-3-Clause"),
                        "usr/local/bin/rust-app", List.of()));
    }

    static XrayReport report(List<Package> packages, Optional<OsRelease> os, String reference) {
        return new XrayReport(XrayReport.SCHEMA,
                new XrayReport.ImageInfo(reference, DIGEST, Optional.empty(), "linux/arm64/v8",
                        "application/vnd.oci.image.manifest.v1+json", Optional.of("2026-11-01T00:00:00Z")),
                new XrayReport.ConfigInfo(Optional.empty(), List.of(), List.of("sh"), List.of(), Optional.empty(),
                        List.of(), List.of(), Map.of(), Optional.empty(), Optional.empty()),
                new XrayReport.Sizes(100, 200, 210, 5, 2), List.of(),
                new XrayReport.Efficiency(1.0, 0, 0.0, 0, 0, List.of()),
                new XrayReport.FilesInfo(3, 200, 1, 0, List.of()), os, packages, List.of(), "", List.of(),
                new XrayReport.Analysis(VERSION, ANALYZED_AT, 12, 1, 0));
    }

    static XrayReport report() {
        return report(packages(), Optional.of(debian()), "registry.example.com:5000/team/app:1.0");
    }

    static OsRelease debian() {
        return new OsRelease("debian", Optional.of("12"), Optional.of("Debian GNU/Linux 12 (bookworm)"),
                Optional.empty(), Optional.of("bookworm"));
    }

    /** The same packages in another order: the document must not change. */
    static List<Package> shuffled() {
        List<Package> copy = new ArrayList<>(packages());
        Collections.shuffle(copy, new Random(42));
        return copy;
    }

    static byte[] write(Sboms.Format format, XrayReport report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Sboms.write(format, report, out);
        return out.toByteArray();
    }
}
