package io.whittle.xray.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.FileInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Go binaries on this machine. The module lines of the build info are plain text inside the binary, so
 * {@code strings} gives the expected modules independently of the blob parsing under test.
 */
class GoBinaryCatalogerTest {

    private static List<Package> scan(Path binary, String as) throws IOException {
        List<Evidence> evidence = new ArrayList<>();
        ScanHarness.feed(new FileInfo(as, Files.size(binary), 0755, 0, 0), binary, evidence);
        return Catalogers.packages(evidence, java.util.Optional.empty());
    }

    private static List<String> strings(Path binary) {
        return Arrays.asList(ScanHarness.run("strings", "-a", "-n", "4", binary.toString()).split("\n"));
    }

    private static String goVersion(Path binary) {
        return strings(binary).stream().filter(l -> l.matches("go1\\.\\d+(\\.\\d+)?")).findFirst().orElseThrow();
    }

    @Test
    void debianBuiltBinariesHaveTheirGoVersionButNoModuleLines() throws IOException {
        for (String name : List.of("skopeo", "umoci", "docker-registry")) {
            Path binary = Path.of("/usr/bin", name);
            assertThat(binary).as("the test needs /usr/bin/%s (apt-get install -y %s)", name, name).exists();
            // built outside module mode: there is a path line and no mod/dep lines
            assertThat(strings(binary)).noneMatch(l -> l.startsWith("dep\t") || l.startsWith("mod\t"));
            List<Package> found = scan(binary, "usr/bin/" + name);
            String go = goVersion(binary);
            assertThat(found).extracting(Package::name, Package::version, Package::purl).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("stdlib", go, "pkg:golang/stdlib@" + go.substring(2)));
        }
    }

    @Test
    void moduleBuiltBinaryListsMainModuleAndEveryDependencyWithReplacements() throws IOException {
        Path binary = Path.of("/usr/local/bin/terraform");
        assertThat(binary).as("a Go binary built in module mode is needed at %s", binary).exists();
        List<String[]> expected = new ArrayList<>();
        for (String line : strings(binary)) {
            String[] f = line.split("\t");
            if (f.length == 0) {
                continue;
            }
            if ((f[0].equals("mod") || f[0].equals("dep")) && f.length >= 3) {
                expected.add(new String[] {f[1], f[2]});
            } else if (f[0].equals("=>") && f.length >= 3 && !expected.isEmpty()) {
                boolean local = f[1].startsWith(".") || f[1].startsWith("/");
                expected.set(expected.size() - 1, new String[] {local ? expected.getLast()[0] : f[1], f[2]});
            }
        }
        Set<String> want = new LinkedHashSet<>();
        expected.forEach(m -> want.add(m[0] + "@" + m[1]));
        assertThat(want).hasSizeGreaterThan(200).contains("github.com/hashicorp/terraform@(devel)");
        List<Package> found = scan(binary, "bin/terraform");
        Set<String> got = new LinkedHashSet<>();
        found.stream().filter(p -> !p.name().equals("stdlib")).forEach(p -> got.add(p.name() + "@" + p.version()));
        assertThat(got).containsExactlyInAnyOrderElementsOf(want);
        assertThat(found).filteredOn(p -> p.name().equals("stdlib")).extracting(Package::version)
                .containsExactly(goVersion(binary));
        // packageurl-java lower-cases golang names, as the purl spec said for this type
        assertThat(found).extracting(Package::purl).contains("pkg:golang/github.com/hashicorp/hcl/v2@"
                + found.stream().filter(p -> p.name().equals("github.com/hashicorp/hcl/v2")).findFirst()
                .orElseThrow().version());
    }

    @Test
    void magicAcrossChunkBoundariesAndAtOddOffsetsIsHandled(@TempDir Path dir) throws IOException {
        byte[] real = Files.readAllBytes(Path.of("/usr/bin/umoci"));
        // shift the binary by 3 bytes (still ELF at 0): the blob is then off the 16-byte grid and must not be found
        byte[] shifted = new byte[real.length + 3];
        System.arraycopy(real, 0, shifted, 0, 4);
        System.arraycopy(real, 0, shifted, 3, real.length);
        System.arraycopy(real, 0, shifted, 0, 4);
        Path odd = dir.resolve("odd");
        Files.write(odd, shifted);
        assertThat(scan(odd, "odd")).isEmpty();
        // shifted by 16, every chunk boundary falls elsewhere relative to the blob; it is found again
        byte[] aligned = new byte[real.length + 16];
        System.arraycopy(real, 0, aligned, 16, real.length);
        System.arraycopy(real, 0, aligned, 0, 4);
        Path even = dir.resolve("even");
        Files.write(even, aligned);
        assertThat(scan(even, "even")).extracting(Package::name).containsExactly("stdlib");
    }

    @Test
    void nonExecutablesAndNonElfAreNotRead(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("script");
        Files.write(script, ("#!/bin/sh\n" + "\u00ff Go buildinf:".repeat(10000)).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(scan(script, "script")).isEmpty();
        assertThat(new GoBinaryScanner().open(new FileInfo("usr/bin/skopeo", 1 << 20, 0644, 0, 0))).isNull();
    }
}
