package io.whittle.xray.pkg;

import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Feeds the regular files of a directory through {@link Catalogers#scanners()} as the layer scanner does: open on
 * path and size, content in 8 KiB chunks, then finish; then os and packages from all evidence.
 */
final class ScanHarness {
    static final int CHUNK = 8 * 1024;
    /** Files a consumer failed on ("path: message"), for tests of damaged input. */
    static final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

    record Result(List<Evidence> evidence, Optional<OsRelease> os, List<Package> packages) {
        List<Package> ofType(String type) {
            return packages.stream().filter(p -> p.type().equals(type)).toList();
        }
    }

    /** Scans {@code root}; each file's engine path is {@code prefix} + its path under root. */
    static Result scan(Path root, String prefix) {
        List<Evidence> evidence = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String relative = root.relativize(file).toString().replace('\\', '/');
                String path = Paths.clean(prefix + "/" + relative);
                feed(new FileInfo(path, Files.size(file), mode(file), 0, 0), file, evidence);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Optional<OsRelease> os = Catalogers.os(evidence);
        return new Result(evidence, os, Catalogers.packages(evidence, os));
    }

    static Result scan(Path root) {
        return scan(root, "");
    }

    static void feed(FileInfo info, Path file, List<Evidence> evidence) throws IOException {
        List<FileConsumer> consumers = new ArrayList<>();
        for (ContentScanner scanner : Catalogers.scanners()) {
            FileConsumer consumer = scanner.open(info);
            if (consumer != null) {
                consumers.add(consumer);
            }
        }
        if (consumers.isEmpty()) {
            return;
        }
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.readNBytes(buffer, 0, CHUNK)) > 0; ) {
                for (FileConsumer c : consumers) {
                    c.accept(buffer, 0, n);
                }
            }
        }
        for (FileConsumer c : consumers) {
            // as the layer collector does: a consumer that fails on a file loses what it found there
            List<Evidence> mine = new ArrayList<>();
            try {
                c.finish(mine::add);
                evidence.addAll(mine);
            } catch (IOException | RuntimeException e) {
                failures.add(info.path() + ": " + e.getMessage());
                c.abandon();
            }
        }
    }

    private static int mode(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= switch (p) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return mode;
    }

    /** Runs a command, failing the test when it fails; returns its standard output. */
    static String run(String... command) {
        try {
            Path out = Files.createTempFile("h3-out", ".txt");
            Path err = Files.createTempFile("h3-err", ".txt");
            try {
                Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .start();
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new AssertionError("Timed out: " + String.join(" ", command));
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError("Failed (" + p.exitValue() + "): " + String.join(" ", command) + "\n"
                            + Files.readString(err));
                }
                return Files.readString(out);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private ScanHarness() {
    }
}
