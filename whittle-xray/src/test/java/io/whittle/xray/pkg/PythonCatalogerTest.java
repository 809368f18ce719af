package io.whittle.xray.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real installed distributions on this machine, checked against Python's own importlib.metadata. */
class PythonCatalogerTest {

    private static List<String> lines(String output) {
        return Arrays.stream(output.split("\n")).filter(l -> !l.isBlank()).sorted().toList();
    }

    private static List<String> expectedDistributions(Path site) {
        return lines(ScanHarness.run("python3", "-c", """
                import importlib.metadata as m, sys
                for d in m.distributions(path=[sys.argv[1]]):
                    print(d.metadata['Name'], d.version)
                """, site.toString()));
    }

    @Test
    void debianDistPackagesWithEggInfoAndDistInfo() {
        Path site = Path.of("/usr/lib/python3/dist-packages");
        List<String> expected = expectedDistributions(site);
        assertThat(expected).hasSizeGreaterThan(10);
        ScanHarness.Result r = ScanHarness.scan(site, "usr/lib/python3/dist-packages");
        assertThat(r.ofType("pypi")).extracting(p -> p.name() + " " + p.version()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void pipsSitePackagesWithOwnedFilesFromRecord() {
        Path site = Path.of(ScanHarness.run("python3", "-c", "import pip, os; print(os.path.dirname(os.path.dirname(pip.__file__)))").strip());
        List<String> expected = expectedDistributions(site);
        ScanHarness.Result r = ScanHarness.scan(site, "usr/local/lib/python3/site-packages");
        assertThat(r.ofType("pypi")).extracting(p -> p.name() + " " + p.version()).containsExactlyInAnyOrderElementsOf(expected);
        Package pip = r.ofType("pypi").stream().filter(p -> p.name().equals("pip")).findFirst().orElseThrow();
        List<String> files = lines(ScanHarness.run("python3", "-c", """
                import importlib.metadata as m, os, sys
                d = m.distribution('pip')
                for f in d.files:
                    print(os.path.relpath(os.path.normpath(d.locate_file(f)), sys.argv[1]))
                """, site.toString())).stream().map(f -> Paths.clean("usr/local/lib/python3/site-packages/" + f)).toList();
        assertThat(files).hasSizeGreaterThan(100);
        assertThat(pip.files()).containsExactlyInAnyOrderElementsOf(files);
        assertThat(pip.purl()).isEqualTo("pkg:pypi/pip@" + pip.version());
        assertThat(pip.location()).endsWith(".dist-info/METADATA");
    }

    @Test
    void licensesNamesAndSingleFileEggInfo(@TempDir Path root) throws IOException {
        Path site = Files.createDirectories(root.resolve("usr/lib/python3.12/site-packages"));
        Path dist = Files.createDirectories(site.resolve("Zope.Interface_Extra-6.1.dist-info"));
        Files.writeString(dist.resolve("METADATA"), """
                Metadata-Version: 2.1
                Name: Zope.Interface_Extra
                Version: 6.1
                License: Copyright (c) the authors.
                        All rights reserved, long text follows.
                Classifier: License :: OSI Approved :: Zope Public License
                Classifier: Programming Language :: Python

                Name: not-this-one
                """);
        Files.writeString(dist.resolve("RECORD"), """
                zope/extra/__init__.py,sha256=abc,10
                "zope/extra/odd,name.py",sha256=def,12
                ../../../bin/zope-extra,,
                Zope.Interface_Extra-6.1.dist-info/RECORD,,
                """);
        Path modern = Files.createDirectories(site.resolve("modern-1.0.dist-info"));
        Files.writeString(modern.resolve("METADATA"), "Metadata-Version: 2.4\nName: modern\nVersion: 1.0\n"
                + "License-Expression: MIT OR Apache-2.0\nLicense: ignored\n");
        Files.writeString(site.resolve("legacy-0.3.egg-info"), "Metadata-Version: 1.0\nName: legacy\nVersion: 0.3\n"
                + "License: BSD\n");
        ScanHarness.Result r = ScanHarness.scan(root);
        assertThat(r.ofType("pypi")).extracting(Package::purl, Package::licenses).containsExactly(
                org.assertj.core.groups.Tuple.tuple("pkg:pypi/zope-interface-extra@6.1", List.of("Zope Public License")),
                org.assertj.core.groups.Tuple.tuple("pkg:pypi/legacy@0.3", List.of("BSD")),
                org.assertj.core.groups.Tuple.tuple("pkg:pypi/modern@1.0", List.of("MIT OR Apache-2.0")));
        assertThat(r.ofType("pypi").getFirst().files()).containsExactly(
                "usr/lib/python3.12/site-packages/zope/extra/__init__.py",
                "usr/lib/python3.12/site-packages/zope/extra/odd,name.py",
                "usr/bin/zope-extra",
                "usr/lib/python3.12/site-packages/Zope.Interface_Extra-6.1.dist-info/RECORD");
    }
}
