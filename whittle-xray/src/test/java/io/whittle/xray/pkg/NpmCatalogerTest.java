package io.whittle.xray.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real npm installation on this machine, checked against {@code npm ls}. */
class NpmCatalogerTest {

    @Test
    void globalNpmAndItsBundledDependenciesMatchNpmLs() {
        Path global = Path.of(ScanHarness.run("npm", "root", "-g").strip());
        Path npm = global.resolve("npm");
        // "PATH:NAME@VERSION[:...]" a line, the package itself first
        List<String> expected = Arrays.stream(ScanHarness.run("bash", "-c",
                        // npm ls exits 1 over npm's own dev dependencies, which are not installed; its list stands
                        "npm ls --all --parseable --long --prefix \"$0\" || true", npm.toString()).split("\n"))
                .filter(l -> !l.isBlank()).map(l -> l.split(":"))
                .map(f -> npm.getParent().relativize(Path.of(f[0])) + " " + f[1]).distinct().sorted().toList();
        assertThat(expected).hasSizeGreaterThan(100);
        ScanHarness.Result r = ScanHarness.scan(npm, "usr/lib/node_modules/npm");
        List<String> actual = r.ofType("npm").stream()
                .map(p -> Paths.parent(p.location()).substring("usr/lib/node_modules/".length()) + " " + p.name()
                        + "@" + p.version()).sorted().toList();
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void scopesLicensesAndPackageJsonOutsideNodeModules(@TempDir Path root) throws IOException {
        Path modules = Files.createDirectories(root.resolve("app/node_modules/@types/node"));
        Files.writeString(modules.resolve("package.json"),
                "{\"name\":\"@types/node\",\"version\":\"20.11.5\",\"license\":\"MIT\"}");
        Path old = Files.createDirectories(root.resolve("app/node_modules/old-style"));
        Files.writeString(old.resolve("package.json"), "{\"name\":\"old-style\",\"version\":\"0.1.0\","
                + "\"licenses\":[{\"type\":\"MIT\"},{\"type\":\"Apache-2.0\"}]}");
        Path lib = Files.createDirectories(root.resolve("app/node_modules/old-style/lib"));
        Files.writeString(lib.resolve("package.json"), "{\"type\":\"module\"}");
        Files.writeString(root.resolve("app/package.json"), "{\"name\":\"my-app\",\"version\":\"1.0.0\"}");
        Path broken = Files.createDirectories(root.resolve("app/node_modules/broken"));
        Files.writeString(broken.resolve("package.json"), "{\"name\": \"broken\", ");
        ScanHarness.Result r = ScanHarness.scan(root);
        assertThat(r.ofType("npm")).extracting(Package::purl, Package::licenses).containsExactly(
                org.assertj.core.groups.Tuple.tuple("pkg:npm/%40types/node@20.11.5", List.of("MIT")),
                org.assertj.core.groups.Tuple.tuple("pkg:npm/old-style@0.1.0", List.of("MIT", "Apache-2.0")));
    }
}
