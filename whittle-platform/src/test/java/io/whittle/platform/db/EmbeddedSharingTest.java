package io.whittle.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.whittle.platform.PrivateFiles;
import io.whittle.platform.testing.EmbeddedProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database in use by two processes at once (two {@code whittle} commands): the first serves it to the
 * second on a loopback port, its files are private to their owner, and once the first exits another opens it alone.
 */
class EmbeddedSharingTest {

    @Test
    void aSecondProcessUsesTheDatabaseWhileTheFirstHoldsIt(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data");
        Process holder = start(dir, "hold", "first");
        try (BufferedReader out = reader(holder)) {
            assertThat(out.readLine()).as("the first process opened the database").isEqualTo("ready");

            assertThat(mode(dir)).isEqualTo("rwx------");
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> h2 = files.filter(p -> p.getFileName().toString().startsWith("whittle.")).toList();
                assertThat(h2).extracting(p -> p.getFileName().toString())
                        .contains("whittle.mv.db", "whittle.lock.db");
                for (Path f : h2) {
                    assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
                }
            }

            String server = lockProperties(dir).getProperty("server");
            assertThat(server).as("the lock file names the serving process").isNotNull();
            String host = server.substring(0, server.lastIndexOf(':'));
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            assertThat(InetAddress.getByName(host).isLoopbackAddress()).as(server).isTrue();
            assertListensOnLoopbackOnly(port);

            Process second = start(dir, "use", "second");
            assertThat(finish(second)).isEqualTo("first,local,second");

            // And a connection from this process, while the other still holds the file; it outlives the holder.
            try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
                assertThat(DatabaseOpenTest.query(db, "SELECT COUNT(*) FROM organizations")).isEqualTo("3");
                holder.getOutputStream().close();
                assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(holder.exitValue()).isZero();
                assertThat(DatabaseOpenTest.query(db, "SELECT COUNT(*) FROM organizations")).isEqualTo("3");
            }
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(30, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
        assertThat(finish(start(dir, "use", "third"))).as("the database alone, after the first exited")
                .isEqualTo("first,local,second,third");
    }

    private static Process start(Path dir, String mode, String slug) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedProcess.class.getName(), dir.toString(), mode, slug)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static BufferedReader reader(Process p) {
        Reader r = new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8);
        return new BufferedReader(r);
    }

    /** Waits for a {@code use} process and answers what it printed. */
    private static String finish(Process p) throws Exception {
        String printed;
        try (BufferedReader out = reader(p)) {
            printed = out.readLine();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return printed;
    }

    private static String mode(Path p) throws IOException {
        assumeTrue(PrivateFiles.posix());
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static Properties lockProperties(Path dir) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve("whittle.lock.db"), StandardCharsets.ISO_8859_1)) {
            p.load(r);
        }
        return p;
    }

    /** Every listening socket on {@code port}, as the kernel lists them, is bound to a loopback address. */
    private static void assertListensOnLoopbackOnly(int port) throws IOException {
        Path v4 = Path.of("/proc/net/tcp");
        assumeTrue(Files.isReadable(v4), "the kernel's socket table is readable (Linux)");
        List<String> bound = new ArrayList<>();
        for (Path table : List.of(v4, Path.of("/proc/net/tcp6"))) {
            if (!Files.isReadable(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table).subList(1, Files.readAllLines(table).size())) {
                String[] f = line.strip().split("\\s+");
                String local = f[1];
                int colon = local.indexOf(':');
                boolean listening = f[3].equals("0A");
                if (listening && Integer.parseInt(local.substring(colon + 1), 16) == port) {
                    bound.add(local.substring(0, colon));
                }
            }
        }
        assertThat(bound).as("listening sockets on port " + port).isNotEmpty()
                .allSatisfy(a -> assertThat(a).isIn("0100007F", "00000000000000000000000001000000",
                        "0000000000000000FFFF00000100007F"));
    }
}
