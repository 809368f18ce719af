package io.whittle.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs a program of an unpacked image inside its root file system, as a container runtime would: that root, a
 * /proc of its own (the Java launcher finds its libraries through /proc/self/exe), the image's user when this
 * machine allows it, and only the image's environment. The network is the host's, so a registry on loopback is
 * reachable. Which way works depends on the machine: as root, {@code unshare} and {@code chroot}; else {@code
 * unshare} in a user namespace, or {@code bwrap}.
 *
 * @param how    a description of the way, for messages
 * @param prefix the command that precedes the program's own
 * @param env    the image's environment
 */
record Sandbox(String how, List<String> prefix, Map<String, String> env) {

    /**
     * The first way that runs {@code probe} (a command of the image that should succeed) in {@code rootfs}; empty,
     * with the reasons in {@code failures}, when none does.
     */
    static Optional<Sandbox> find(Path rootfs, int uid, int gid, Map<String, String> env, List<String> probe,
                                  List<String> failures) throws IOException, InterruptedException {
        Files.createDirectories(rootfs.resolve("proc"));
        Files.createDirectories(rootfs.resolve("dev"));
        String root = rootfs.toAbsolutePath().toString();
        List<Sandbox> candidates = new ArrayList<>();
        Optional<String> unshare = program("unshare");
        Optional<String> chroot = program("chroot");
        if (unshare.isPresent() && chroot.isPresent()) {
            if (isRoot()) {
                candidates.add(new Sandbox("unshare + chroot as " + uid + ":" + gid, List.of(unshare.get(),
                        "--mount", "--pid", "--fork", "--kill-child", "--mount-proc=" + root + "/proc",
                        chroot.get(), "--userspec=" + uid + ":" + gid, root), env));
            }
            candidates.add(new Sandbox("unshare in a user namespace + chroot, as the namespace's root",
                    List.of(unshare.get(), "--user", "--map-root-user", "--mount", "--pid", "--fork", "--kill-child",
                            "--mount-proc=" + root + "/proc", chroot.get(), root), env));
        }
        program("bwrap").ifPresent(bwrap -> candidates.add(new Sandbox("bwrap as " + uid + ":" + gid,
                List.of(bwrap, "--unshare-user", "--uid", String.valueOf(uid), "--gid", String.valueOf(gid),
                        "--unshare-pid", "--die-with-parent", "--bind", root, "/", "--proc", "/proc",
                        "--dev", "/dev", "--chdir", "/"), env)));
        for (Sandbox s : candidates) {
            Distribution.Run r = s.run(probe);
            if (r.exitCode() == 0) {
                return Optional.of(s);
            }
            failures.add(s.how() + ": " + r.stderr().strip());
        }
        if (candidates.isEmpty()) {
            failures.add("none of unshare + chroot (util-linux, coreutils) or bwrap (bubblewrap) is installed");
        }
        return Optional.empty();
    }

    /** Runs {@code command} (its program a path inside the image) in the image, to its end. */
    Distribution.Run run(List<String> command) throws IOException, InterruptedException {
        return Distribution.run(builder(command, Map.of()), 120);
    }

    /**
     * Starts {@code command} in the image with these variables on top of the image's, its output (both streams)
     * going to {@code log}. The caller stops it with {@link #stop(Process)}.
     */
    Process start(List<String> command, Map<String, String> moreEnv, Path log) throws IOException {
        return builder(command, moreEnv).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    /** Kills a process {@link #start} started, and what it started. */
    static void stop(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    private ProcessBuilder builder(List<String> command, Map<String, String> moreEnv) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(all);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().putAll(moreEnv);
        return pb;
    }

    /** Whether this process has the privileges a plain chroot needs. */
    static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    private static Optional<String> program(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        List<String> dirs = new ArrayList<>(List.of(path.split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        try (Stream<String> s = dirs.stream()) {
            return s.filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable)
                    .map(Path::toString).findFirst();
        }
    }
}
