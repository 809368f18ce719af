package io.whittle.xray;

import io.whittle.testkit.Umoci;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An OCI layout holding the Debian root of {@code bin/lib/debian-fixture.sh} as a two-layer image made by the real
 * umoci: layer 0 is the whole root ({@code umoci repack} of a bundle it was copied into), layer 1 what a clean-up
 * {@code RUN} would leave: the apt lists deleted (whiteouts, an empty directory among them), a documentation
 * directory deleted with what it holds, a file added, the {@code etc/os-release} symlink replaced by a file with
 * another {@code PRETTY_NAME}, one hard-linked pair made private (both names change) and one name of another pair
 * rewritten (the other name keeps the old content). The layout is cached next to
 * the root, keyed by {@link #VERSION}, so only the first run builds it (which needs root, as the root itself does).
 */
final class DebianImage {
    /** Bump when the recipe changes, so a cached layout is rebuilt. */
    static final String VERSION = "v2";
    static final String TAG = "debian";
    static final String ADDED = "etc/whittle-added.txt";
    static final String ADDED_TEXT = "added by the second layer\n";
    static final String PRETTY_NAME = "Whittle test Debian";
    static final String CREATED_BY_ROOT = "ADD debian-bookworm-minbase /";
    static final String DELETED_DIR = "usr/share/doc/bash";
    /** Hard-linked to usr/bin/uncompress in the root; made private (mode 0700), which both names share. */
    static final String CHMODDED = "usr/bin/gunzip";
    /** Hard-linked to usr/bin/perl5.36.0 in the root; replaced, so the two names part. */
    static final String REWRITTEN = "usr/bin/perl";
    static final String REWRITTEN_TEXT = "#!/bin/sh\necho no perl here\n";
    static final String CREATED_BY_CLEANUP = "RUN rm -rf /var/lib/apt/lists/* /" + DELETED_DIR + " && echo added > /"
            + ADDED;
    static final String CMD = "/bin/bash";

    /** The debootstrap'd root, and the layout whose {@link #TAG} is the image built from it. */
    record Fixture(Path root, Path layout) {
    }

    private DebianImage() {
    }

    static Fixture get() {
        Path script = Path.of(System.getProperty("user.dir")).resolveSibling("bin/lib/debian-fixture.sh");
        Path root = Path.of(run(List.of("bash", script.toString())).strip());
        Path fixtures = root.getParent();
        Path layout = fixtures.resolve(root.getFileName() + "-oci-" + VERSION);
        Path marker = fixtures.resolve(layout.getFileName() + ".complete");
        if (!Files.exists(marker)) {
            deleteOlderVersions(fixtures, root.getFileName() + "-oci-");
            build(root, layout);
            try {
                Files.createFile(marker);
            } catch (IOException e) {
                throw new UncheckedIOException("could not mark " + layout + " complete; check " + fixtures, e);
            }
        }
        return new Fixture(root, layout);
    }

    private static void deleteOlderVersions(Path fixtures, String prefix) {
        try (Stream<Path> list = Files.list(fixtures)) {
            for (Path p : list.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                Files.deleteIfExists(fixtures.resolve(p.getFileName() + ".complete"));
                if (p.getFileName().toString().endsWith(".complete")) {
                    Files.delete(p);
                } else {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete older Debian layouts in " + fixtures, e);
        }
    }

    private static void build(Path root, Path layout) {
        try {
            Path work = Files.createTempDirectory(root.getParent(), ".debian-oci-");
            try {
                Path dir = work.resolve("layout");
                Path bundle = work.resolve("bundle");
                String base = dir + ":base";
                String image = dir + ":" + TAG;
                Umoci umoci = Umoci.create();
                umoci.run(List.of("init", "--layout", dir.toString()));
                umoci.run(List.of("new", "--image", base));
                umoci.run(List.of("unpack", "--image", base, bundle.toString()));
                Path rootfs = bundle.resolve("rootfs");
                // cp -a keeps owners, modes, device nodes and hard links, as debootstrap left them.
                run(List.of("cp", "-a", root + "/.", rootfs + "/"));
                umoci.run(List.of("repack", "--refresh-bundle", "--history.created_by", CREATED_BY_ROOT, "--image",
                        image, bundle.toString()));

                Path lists = rootfs.resolve("var/lib/apt/lists");
                try (Stream<Path> children = Files.list(lists)) {
                    for (Path child : children.toList()) {
                        deleteTree(child);
                    }
                }
                deleteTree(rootfs.resolve(DELETED_DIR));
                Files.writeString(rootfs.resolve(ADDED), ADDED_TEXT, StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(rootfs.resolve(CHMODDED), PosixFilePermissions.fromString("rwx------"));
                Files.delete(rootfs.resolve(REWRITTEN));
                Files.writeString(rootfs.resolve(REWRITTEN), REWRITTEN_TEXT, StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(rootfs.resolve(REWRITTEN), PosixFilePermissions.fromString("rwxr-xr-x"));
                String osRelease = Files.readString(rootfs.resolve("usr/lib/os-release"))
                        .replaceAll("(?m)^PRETTY_NAME=.*$", "PRETTY_NAME=\"" + PRETTY_NAME + "\"");
                Files.delete(rootfs.resolve("etc/os-release"));
                Files.writeString(rootfs.resolve("etc/os-release"), osRelease, StandardCharsets.UTF_8);
                umoci.run(List.of("repack", "--history.created_by", CREATED_BY_CLEANUP, "--image", image,
                        bundle.toString()));
                umoci.run(List.of("config", "--config.cmd", CMD, "--history.created_by", "CMD [\"" + CMD + "\"]",
                        "--image", image));
                umoci.run(List.of("rm", "--image", base));
                umoci.run(List.of("gc", "--layout", dir.toString()));
                deleteTree(layout);
                Files.move(dir, layout, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                deleteTree(work);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not build the Debian OCI layout " + layout
                    + "; it needs root and umoci", e);
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Runs a command to completion and gives its standard output; a failure names the command and its stderr. */
    static String run(List<String> command) {
        try {
            Path out = Files.createTempFile("debian-image-", ".out");
            Path err = Files.createTempFile("debian-image-", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish in 10 minutes");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue()
                            + ": " + Files.readString(err));
                }
                return Files.readString(out);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
        }
    }
}
