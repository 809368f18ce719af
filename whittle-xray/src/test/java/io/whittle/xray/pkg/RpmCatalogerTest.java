package io.whittle.xray.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real rpm databases: packages built with rpmbuild and registered with {@code rpm -i --justdb} into a sqlite
 * database (this rpm's default backend); the same header blobs loaded into a Berkeley DB hash file by Berkeley
 * DB's own {@code db5.3_load}; and an ndb file laid out by the documented format (no tool here writes ndb).
 */
class RpmCatalogerTest {
    @TempDir
    static Path work;
    private static Path sqliteDb;
    private static List<String> expected;
    private static List<byte[]> blobs;

    @BeforeAll
    static void buildAndInstall() throws IOException {
        Path top = work.resolve("top");
        build(top, "hello-whittle", "1.2.3", "4.fc40", "2", "MIT AND Apache-2.0", 2);
        // enough files that the header outgrows a Berkeley DB page and lands on overflow pages
        build(top, "big-whittle", "0.9", "1", null, "GPL-2.0-or-later", 1500);
        sqliteDb = Files.createDirectories(work.resolve("root/var/lib/rpm"));
        ScanHarness.run("rpm", "--dbpath", sqliteDb.toString(), "--define", "_db_backend sqlite", "--initdb");
        try (var rpms = Files.walk(top.resolve("RPMS"))) {
            for (Path rpm : rpms.filter(p -> p.toString().endsWith(".rpm")).toList()) {
                ScanHarness.run("rpm", "--dbpath", sqliteDb.toString(), "--define", "_db_backend sqlite", "-i",
                        "--justdb", "--nodeps", "--noscripts", "--ignorearch", "--ignoreos", rpm.toString());
            }
        }
        // leave only the database file, as an image layer would
        Files.deleteIfExists(sqliteDb.resolve("rpmdb.sqlite-shm"));
        Files.deleteIfExists(sqliteDb.resolve("rpmdb.sqlite-wal"));
        Files.deleteIfExists(sqliteDb.resolve(".rpm.lock"));
        expected = Arrays.stream(ScanHarness.run("rpm", "--dbpath", sqliteDb.toString(), "-qa", "--qf",
                "%{NAME} %{VERSION}-%{RELEASE} %{EPOCH} %{ARCH} %{LICENSE}\\n").split("\n"))
                .filter(l -> !l.isBlank()).sorted().toList();
        blobs = Arrays.stream(ScanHarness.run("sqlite3", sqliteDb.resolve("rpmdb.sqlite").toString(),
                "SELECT hex(blob) FROM Packages ORDER BY hnum").split("\n"))
                .filter(l -> !l.isBlank()).map(l -> HexFormat.of().parseHex(l.strip())).toList();
    }

    private static void build(Path top, String name, String version, String release, String epoch, String license,
                              int files) throws IOException {
        String install = IntStream.range(0, files).mapToObj(i -> "echo " + i + " > %{buildroot}/usr/share/" + name
                + "/file-" + i + ".txt").collect(Collectors.joining("\n"));
        Path spec = work.resolve(name + ".spec");
        Files.writeString(spec, "Name: " + name + "\nVersion: " + version + "\nRelease: " + release + "\n"
                + (epoch == null ? "" : "Epoch: " + epoch + "\n") + "Summary: a test package\nLicense: " + license
                + "\n%description\na test package\n%install\nmkdir -p %{buildroot}/usr/bin %{buildroot}/usr/share/"
                + name + "\necho hi > %{buildroot}/usr/bin/" + name + "\n" + install + "\n%files\n/usr/bin/" + name
                + "\n/usr/share/" + name + "\n");
        ScanHarness.run("rpmbuild", "--define", "_topdir " + top, "-bb", spec.toString());
    }

    private static List<String> summary(List<Package> packages) {
        return packages.stream().map(p -> {
            String epoch = p.purl().contains("epoch=") ? p.purl().replaceAll(".*epoch=(\\d+).*", "$1") : "(none)";
            String arch = p.purl().replaceAll(".*arch=([^&]+).*", "$1");
            return p.name() + " " + p.version() + " " + epoch + " " + arch + " " + String.join(" ", p.licenses());
        }).sorted().toList();
    }

    @Test
    void sqliteDatabaseMatchesRpmQuery() {
        ScanHarness.Result r = ScanHarness.scan(work.resolve("root"));
        assertThat(expected).hasSize(2);
        assertThat(summary(r.ofType("rpm"))).containsExactlyElementsOf(expected);
        Package hello = r.ofType("rpm").stream().filter(p -> p.name().equals("hello-whittle")).findFirst()
                .orElseThrow();
        assertThat(hello.purl()).isEqualTo("pkg:rpm/hello-whittle@1.2.3-4.fc40?arch=x86_64&epoch=2");
        assertThat(hello.location()).isEqualTo("var/lib/rpm/rpmdb.sqlite");
        assertThat(hello.files()).containsExactlyInAnyOrder("usr/bin/hello-whittle", "usr/share/hello-whittle",
                "usr/share/hello-whittle/file-0.txt", "usr/share/hello-whittle/file-1.txt");
    }

    @Test
    void distroQualifierAndNamespaceComeFromTheOs(@TempDir Path root) throws IOException {
        Path db = Files.createDirectories(root.resolve("usr/lib/sysimage/rpm"));
        Files.copy(sqliteDb.resolve("rpmdb.sqlite"), db.resolve("rpmdb.sqlite"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/os-release"), "NAME=\"Fedora Linux\"\nID=fedora\nVERSION_ID=40\n");
        ScanHarness.Result r = ScanHarness.scan(root);
        assertThat(r.ofType("rpm")).extracting(Package::purl).containsExactly(
                "pkg:rpm/fedora/big-whittle@0.9-1?arch=x86_64&distro=fedora-40",
                "pkg:rpm/fedora/hello-whittle@1.2.3-4.fc40?arch=x86_64&distro=fedora-40&epoch=2");
    }

    @Test
    void berkeleyDbHashMadeByBerkeleyDb(@TempDir Path root) throws IOException {
        Path db = Files.createDirectories(root.resolve("var/lib/rpm"));
        StringBuilder dump = new StringBuilder();
        for (int i = 0; i < blobs.size(); i++) {
            byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(i + 1).array();
            dump.append(escape(key)).append('\n').append(escape(blobs.get(i))).append('\n');
        }
        Path input = root.resolve("dump.txt");
        Files.writeString(input, dump);
        ScanHarness.run("bash", "-c", "db5.3_load -T -t hash " + db.resolve("Packages") + " < " + input);
        Files.delete(input);
        ScanHarness.Result r = ScanHarness.scan(root);
        assertThat(summary(r.ofType("rpm"))).containsExactlyElementsOf(expected);
        assertThat(r.ofType("rpm")).allSatisfy(p -> assertThat(p.location()).isEqualTo("var/lib/rpm/Packages"));
        assertThat(blobs.stream().mapToInt(b -> b.length).max().orElseThrow()).as("one header spans overflow pages").isGreaterThan(8192);
    }

    private static String escape(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            out.append('\\').append(String.format("%02x", b & 0xff));
        }
        return out.toString();
    }

    @Test
    void ndbLaidOutAsDocumented(@TempDir Path root) throws IOException {
        Path db = Files.createDirectories(root.resolve("usr/lib/sysimage/rpm"));
        ByteBuffer file = ByteBuffer.allocate(4096 + blobs.stream().mapToInt(b -> b.length + 64).sum())
                .order(ByteOrder.LITTLE_ENDIAN);
        file.put("RpmP".getBytes()).putInt(0).putInt(1).putInt(1).putInt(0).putInt(0).putInt(0).putInt(0);
        List<int[]> slots = new ArrayList<>();
        int block = 4096 / 16;
        for (int i = 0; i < blobs.size(); i++) {
            int blocks = (16 + blobs.get(i).length + 16 + 15) / 16;
            slots.add(new int[] {i + 1, block, blocks});
            block += blocks;
        }
        for (int s = 0; s < 4096 / 16 - 2; s++) {
            int[] slot = s < slots.size() ? slots.get(s) : new int[] {0, 0, 0};
            file.put("Slot".getBytes()).putInt(slot[0]).putInt(slot[1]).putInt(slot[2]);
        }
        for (int i = 0; i < blobs.size(); i++) {
            file.position(slots.get(i)[1] * 16);
            file.put("BlbS".getBytes()).putInt(i + 1).putInt(0).putInt(blobs.get(i).length).put(blobs.get(i));
        }
        Files.write(db.resolve("Packages.db"), Arrays.copyOf(file.array(), block * 16));
        ScanHarness.Result r = ScanHarness.scan(root);
        assertThat(summary(r.ofType("rpm"))).containsExactlyElementsOf(expected);
    }

    @Test
    void damagedDatabasesYieldNoPackagesAndNoCrash(@TempDir Path root) throws IOException {
        Path db = Files.createDirectories(root.resolve("var/lib/rpm"));
        Files.write(db.resolve("Packages"), new byte[8192]);
        byte[] half = Files.readAllBytes(sqliteDb.resolve("rpmdb.sqlite"));
        Files.write(db.resolve("Packages.db"), Arrays.copyOf(half, 100));
        ScanHarness.failures.clear();
        assertThat(ScanHarness.scan(root).packages()).isEmpty();
        assertThat(ScanHarness.failures).hasSize(2).allSatisfy(f -> assertThat(f).startsWith("var/lib/rpm/Packages"));
    }
}
