package io.whittle.xray.report;

import io.whittle.xray.finding.Finding;
import io.whittle.xray.finding.Severity;
import io.whittle.xray.pkg.OsRelease;
import io.whittle.xray.pkg.Package;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reports made by hand, for the renderers and CI rules, whose figures the tests know. */
final class SampleReports {
    private SampleReports() {
    }

    /** A two-layer Debian image with one inefficiency, a package per type, findings of three severities. */
    static XrayReport debian() {
        return withStrings("127.0.0.1:5000/team/app:1.0", "/usr/bin/app", "app", "COPY app /usr/bin/app",
                Map.of("org.opencontainers.image.title", "app"));
    }

    /**
     * A report whose image-made strings are {@code hostile}: paths, package names, labels, created-by, findings,
     * the Dockerfile.
     */
    static XrayReport hostile(String hostile) {
        return withStrings(hostile, hostile, hostile, hostile, Map.of(hostile, hostile));
    }

    private static XrayReport withStrings(String reference, String path, String name, String createdBy,
                                          Map<String, String> labels) {
        var image = new XrayReport.ImageInfo(reference, "sha256:" + "a".repeat(64), Optional.empty(), "linux/amd64",
                "application/vnd.oci.image.manifest.v1+json", Optional.of("2024-01-01T00:00:00Z"));
        var config = new XrayReport.ConfigInfo(Optional.empty(), List.of(path), List.of("--port", "8080"),
                List.of("PATH=/usr/bin", "NAME=" + name), Optional.of("/srv"), List.of("8080/tcp"), List.of(),
                new LinkedHashMap<>(labels), Optional.empty(), Optional.empty());
        var sizes = new XrayReport.Sizes(3_000_000, 12_500_000, 12_600_000, 900, 500);
        var layers = List.of(
                new XrayReport.LayerInfo(0, "sha256:" + "b".repeat(64), "sha256:" + "c".repeat(64),
                        "application/vnd.oci.image.layer.v1.tar+gzip", 10_000_000, 2_500_000,
                        "ADD rootfs.tar.gz /", new XrayReport.Change(120, 10_000_000), new XrayReport.Change(0, 0),
                        new XrayReport.Change(0, 0), List.of(new XrayReport.SizedPath("/usr/lib/libbig.so", 4_000_000))),
                new XrayReport.LayerInfo(1, "sha256:" + "d".repeat(64), "sha256:" + "e".repeat(64),
                        "application/vnd.oci.image.layer.v1.tar+gzip", 2_500_000, 500_000, createdBy,
                        new XrayReport.Change(3, 1_500_000), new XrayReport.Change(1, 1_000_000),
                        new XrayReport.Change(2, 0), List.of(new XrayReport.SizedPath(path, 1_000_000))));
        var efficiency = new XrayReport.Efficiency(0.875, 2_000_000, 0.8, 1_000_000, 250_000,
                List.of(new XrayReport.Inefficiency(path, 2, 2_000_000)));
        var files = new XrayReport.FilesInfo(122, 11_500_000, 30, 4, List.of(new XrayReport.SizedPath(
                "/usr/lib/libbig.so", 4_000_000)));
        var os = Optional.of(new OsRelease("debian", Optional.of("12"), Optional.of("Debian GNU/Linux 12 (bookworm)"),
                Optional.empty(), Optional.of("bookworm")));
        var packages = List.of(
                new Package("deb", name, "1.2-3", "pkg:deb/debian/" + name + "@1.2-3?arch=amd64&distro=debian-12",
                        List.of("GPL-2.0-only"), "var/lib/dpkg/status", List.of("usr/bin/app")),
                new Package("deb", "libc6", "2.36-9", "pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12",
                        List.of(), "var/lib/dpkg/status", List.of()),
                new Package("pypi", "requests", "2.31.0", "pkg:pypi/requests@2.31.0", List.of("Apache-2.0"),
                        "usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA", List.of()));
        var findings = List.of(
                new Finding("private-key", Severity.HIGH, path, "a private key is in the image: " + name),
                new Finding("root-user", Severity.MEDIUM, "config.User", "the image runs as root"),
                new Finding("exposed-port", Severity.INFO, "config.ExposedPorts", "port 8080/tcp is exposed"));
        var duplicates = List.of(new XrayReport.Duplicate(250_000, List.of("/opt/a.bin", path), 250_000));
        var analysis = new XrayReport.Analysis("0.1.0-test", "2026-01-01T00:00:00Z", 1234, 2, 0);
        return new XrayReport(XrayReport.SCHEMA, image, config, sizes, layers, efficiency, files, os, packages,
                findings, "ADD rootfs.tar.gz /\n" + createdBy + "\n", duplicates, analysis);
    }
}
