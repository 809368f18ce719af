package io.whittle.server.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a browser test's screenshots go: {@code target/screenshots/<test>-<nn>-<step>.png} of the module, numbered in
 * the order taken so a person can page through a flow. The directory is kept between runs; a test's own files are
 * replaced on each run.
 */
final class Screenshots {
    private final Path dir;
    private String test = "setup";
    private int count;

    Screenshots(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the screenshot directory " + dir, e);
        }
    }

    /** {@code target/screenshots} of the module the tests run in (Maven's basedir). */
    static Screenshots inTarget() {
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        return new Screenshots(Path.of(basedir, "target", "screenshots"));
    }

    Path dir() {
        return dir;
    }

    /** Names the files after {@code name} (the test class and method) from now on. */
    synchronized void startTest(String name) {
        this.test = slug(name);
        this.count = 0;
        // The files of this test's previous run go, so the directory shows this run only.
        try (var old = Files.newDirectoryStream(dir, test + "-[0-9][0-9]-*")) {
            for (Path p : old) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not clear old screenshots in " + dir, e);
        }
    }

    /** How many screenshots the current test took so far. */
    synchronized int taken() {
        return count;
    }

    synchronized Path write(String step, byte[] png) {
        Path file = dir.resolve(String.format(Locale.ROOT, "%s-%02d-%s.png", test, ++count, slug(step)));
        try {
            Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the screenshot " + file, e);
        }
        return file;
    }

    synchronized Path writeText(String step, String html) {
        Path file = dir.resolve(String.format(Locale.ROOT, "%s-%02d-%s.html", test, count, slug(step)));
        try {
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
        return file;
    }

    static String slug(String s) {
        String out = s.replaceAll("[^A-Za-z0-9._]+", "-").replaceAll("^-+|-+$", "");
        return out.isEmpty() ? "page" : out;
    }
}
