package io.whittle.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.cli.bench.BenchRuns.Timing;
import io.whittle.oci.Digest;
import io.whittle.oci.Json;
import io.whittle.testkit.RegistryServer;
import io.whittle.testkit.TestLayer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The X-ray benchmark behind {@code bench/xray}: not a test (nothing asserts; it measures and prints). It builds (once,
 * under {@code bench/out/xray/images}) a synthetic image of about 1 GB in 6 layers with about 150,000 files and a
 * Debian root packed as one layer, pushes both to a real registry on loopback, and for each image measures, the runs
 * alternating:
 *
 * <ol type="a">
 *   <li>a bare {@link GZIPInputStream} read of every layer blob from disk, 64 KiB at a time, in this JVM: CPU time of
 *       the reading thread and wall time (the floor a streaming analyser in Java works against);
 *   <li>{@code skopeo copy docker://… oci:DIR} then {@code tar -tzf} of each layer blob in turn: what a user would
 *       script, wall time of the whole;
 *   <li>{@code bin/whittle xray -o json REF}, end to end, with an empty layer-scan cache each run: wall time, CPU time
 *       (user + system) and peak RSS of the process, from {@code /usr/bin/time}.
 * </ol>
 *
 * Figures are medians of {@code -Dbench.reps} runs (default 3). {@code -Dbench.only=big,debian} picks images;
 * {@code -Dbench.xray=false} skips (c) (e.g. while the command does not exist).
 */
public final class XrayBench {
    private final Path root;
    private final Path work;
    private final Path whittle;
    private final BenchRuns runs;
    private final Map<String, String> env = new HashMap<>(System.getenv());
    private final int reps = Integer.getInteger("bench.reps", 3);
    private final List<String> only = List.of(System.getProperty("bench.only", "big,debian").split(","));
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> facts = new ArrayList<>();
    private int runNumber;

    private XrayBench(Path root) {
        this.root = root;
        this.work = root.resolve("bench/out/xray");
        this.whittle = root.resolve("bin/whittle");
        this.runs = new BenchRuns(work);
        // The jars were just packaged: never rebuild in the middle of a measurement. The launcher's start-up archive
        // lives in a cache of our own; X-ray's own cache starts empty for every run (see freshCacheHome()).
        env.put("WHITTLE_BUILD", "never");
        env.put("XDG_CACHE_HOME", work.resolve("cache").toString());
        env.put("DOCKER_CONFIG", work.resolve("no-docker-config").toString());
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        new XrayBench(root).run();
    }

    private void run() throws Exception {
        Files.createDirectories(work.resolve("no-docker-config"));
        Files.createDirectories(work.resolve("cache"));
        deleteTree(work.resolve("runs"));
        Files.createDirectories(work.resolve("runs"));
        boolean withXray = Boolean.parseBoolean(System.getProperty("bench.xray", "true"));

        XrayBenchImages images = new XrayBenchImages(work.resolve("images"));
        List<XrayBenchImages.Built> built = new ArrayList<>();
        if (only.contains("big")) {
            say("building (or reusing) the big image under " + work.resolve("images") + " …");
            long start = System.nanoTime();
            built.add(images.big());
            say(String.format(Locale.ROOT, "big image ready in %.1f s", (System.nanoTime() - start) / 1e9));
        }
        if (only.contains("debian")) {
            Optional<Path> debian = debianRoot();
            if (debian.isPresent()) {
                say("packing (or reusing) the Debian root " + debian.get() + " …");
                built.add(images.debian(debian.get()));
            }
        }
        for (XrayBenchImages.Built b : built) {
            facts.add(String.format(Locale.ROOT, "%-7s %d layers, %,d regular files written (before whiteouts), "
                    + "%.1f MB compressed, %.1f MB uncompressed (tar), ratio %.2f", b.name(), b.image().testLayers().size(),
                    b.files(), b.compressed() / 1e6, b.uncompressed() / 1e6, (double) b.uncompressed() / b.compressed()));
        }
        facts.forEach(XrayBench::say);

        try (RegistryServer registry = RegistryServer.builder().logLevel("error").start()) {
            for (XrayBenchImages.Built b : built) {
                say("pushing " + b.name() + " to " + registry.hostPort() + " …");
                b.image().push(registry.url(), "bench/xray-" + b.name(), "1");
            }
            if (withXray) {
                // The start-up archive of the command is trained first, not in the background of a measurement.
                Map<String, String> train = new HashMap<>(env);
                train.put("WHITTLE_ARCHIVE", "sync");
                say("training the start-up archive …");
                process(List.of(whittle.toString(), "xray", "--help"), train);
            }
            for (XrayBenchImages.Built b : built) {
                measure(b, registry.hostPort() + "/bench/xray-" + b.name() + ":1", withXray);
            }
        }
        print();
    }

    private void measure(XrayBenchImages.Built b, String ref, boolean withXray) {
        say("measuring " + b.name() + " (" + reps + " rounds) …");
        Map<String, Supplier<Timing>> each = new LinkedHashMap<>();
        each.put("gunzip", () -> gunzip(b.image().testLayers(), false));
        each.put("gunzip+sha", () -> gunzip(b.image().testLayers(), true));
        each.put("skopeo+tar", () -> skopeoAndTar(ref, b.image().testLayers()));
        if (withXray) {
            each.put("xray", () -> xray(b.name(), ref));
            each.put("xray-help", () -> process(List.of(whittle.toString(), "xray", "--help"), env));
        }
        Map<String, Timing> m = BenchRuns.alternate(reps, each, true);
        Timing a = m.get("gunzip");
        Timing a2 = m.get("gunzip+sha");
        Timing bb = m.get("skopeo+tar");
        String n = b.name();
        row(n, "(a) GZIPInputStream read, CPU", secs(a.cpuSeconds()), "", "", "", String.format(Locale.ROOT,
                "wall %s; %.0f MB/s compressed", secs(a.seconds()), b.compressed() / 1e6 / a.cpuSeconds()));
        row(n, "(a') the same + SHA-256 of blob and tar", secs(a2.cpuSeconds()), "(a)", secs(a.cpuSeconds()),
                ratio(a2.cpuSeconds(), a.cpuSeconds()), "what verifying digest and diffID adds; wall " + secs(a2.seconds()));
        row(n, "(b) skopeo copy + tar -tzf, wall", secs(bb.seconds()), "", "", "", "CPU " + secs(bb.cpuSeconds())
                + ", peak RSS " + mb(bb.rssKb()));
        if (!withXray) {
            return;
        }
        Timing c = m.get("xray");
        Timing help = m.get("xray-help");
        row(n, "(c) whittle xray -o json, wall", secs(c.seconds()), "(b)", secs(bb.seconds()),
                ratio(c.seconds(), bb.seconds()), target(c.seconds() / bb.seconds() <= 0.6, "≤ 0.60×"));
        row(n, "(c) CPU, user + sys", secs(c.cpuSeconds()), "(a) CPU", secs(a.cpuSeconds()),
                ratio(c.cpuSeconds(), a.cpuSeconds()), target(c.cpuSeconds() / a.cpuSeconds() <= 1.25, "≤ 1.25×"));
        row(n, "(c) CPU less start-up (xray --help)", secs(c.cpuSeconds() - help.cpuSeconds()), "(a) CPU",
                secs(a.cpuSeconds()), ratio(c.cpuSeconds() - help.cpuSeconds(), a.cpuSeconds()),
                "--help: wall " + secs(help.seconds()) + ", CPU " + secs(help.cpuSeconds()));
        row(n, "(c) peak RSS", mb(c.rssKb()), "", "", "", n.equals("big") ? target(c.rssKb() <= 400 * 1024, "≤ 400 MB")
                : "(target is for the big image)");
        report(n);
    }

    // ---- (a) the bare read

    /** Inflates every layer blob in turn on this thread; with {@code hash}, also SHA-256 of blob and tar. */
    private static Timing gunzip(List<TestLayer> layers, boolean hash) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        byte[] buf = new byte[1 << 16];
        try {
            for (TestLayer l : layers) {
                MessageDigest blob = Digest.Algorithm.SHA256.newHasher();
                MessageDigest tar = Digest.Algorithm.SHA256.newHasher();
                InputStream file = Files.newInputStream(l.file());
                InputStream source = hash ? new java.security.DigestInputStream(file, blob) : file;
                try (InputStream in = new GZIPInputStream(source, 1 << 16)) {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        if (hash) {
                            tar.update(buf, 0, n);
                        }
                    }
                }
                if (hash && (!Digest.fromHasher(Digest.Algorithm.SHA256, tar).equals(l.diffId())
                        || !Digest.fromHasher(Digest.Algorithm.SHA256, blob).equals(l.descriptor().digest()))) {
                    throw new IllegalStateException("layer " + l.descriptor().digest() + " does not match its digests");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Timing((System.nanoTime() - start) / 1e9, 0, (threads.getCurrentThreadCpuTime() - cpu0) / 1e9);
    }

    // ---- (b) what a user would script

    private Timing skopeoAndTar(String ref, List<TestLayer> layers) {
        Path dir = work.resolve("runs/oci-" + runNumber++);
        StringBuilder script = new StringBuilder("set -e; skopeo --insecure-policy copy --quiet --src-tls-verify=false ")
                .append("docker://").append(ref).append(" oci:").append(dir).append(":1");
        for (TestLayer l : layers) {
            script.append("; tar -tzf ").append(dir.resolve("blobs/sha256").resolve(l.descriptor().digest().hex()))
                    .append(" >/dev/null");
        }
        try {
            return process(List.of("bash", "-c", script.toString()), env);
        } finally {
            deleteTree(dir);
        }
    }

    // ---- (c) whittle xray

    private Timing xray(String name, String ref) {
        // A fresh, empty layer-scan cache each run: a warm one would make every run after the first read nothing.
        Path cacheHome = freshCacheHome();
        Map<String, String> e = new HashMap<>(env);
        e.put("XDG_CACHE_HOME", cacheHome.toString());
        try {
            return runs.process(List.of(whittle.toString(), "xray", "-o", "json", ref), e,
                    work.resolve("xray-" + name + ".json"), work.resolve("last-command.log"));
        } finally {
            deleteTree(cacheHome);
        }
    }

    /**
     * A new {@code XDG_CACHE_HOME} holding (hard links to) the launcher's trained start-up archives and nothing else:
     * whatever directory X-ray keeps its layer scans in below it starts empty, and the JVM still starts as a user's.
     */
    private Path freshCacheHome() {
        Path home = work.resolve("runs/cache-" + runNumber++);
        Path trained = work.resolve("cache/whittle");
        try {
            Files.createDirectories(home.resolve("whittle"));
            try (Stream<Path> files = Files.list(trained)) {
                for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".lock")).toList()) {
                    Files.createLink(home.resolve("whittle").resolve(f.getFileName()), f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return home;
    }

    /** Cross-checks the facts with the last report: files and sizes as whittle counted them. */
    private void report(String name) {
        try {
            JsonNode r = Json.MAPPER.readTree(work.resolve("xray-" + name + ".json").toFile());
            facts.add(String.format(Locale.ROOT, "%-7s whittle xray: files.count %s, sizes.compressed %s, "
                    + "sizes.uncompressed %s, efficiency.score %s, reclaimableBytes %s, packages %d, findings %d",
                    name, r.at("/files/count").asText("?"), r.at("/sizes/compressed").asText("?"),
                    r.at("/sizes/uncompressed").asText("?"), r.at("/efficiency/score").asText("?"),
                    r.at("/efficiency/reclaimableBytes").asText("?"), r.path("packages").size(), r.path("findings").size()));
        } catch (IOException | RuntimeException e) {
            facts.add(name + ": the xray report could not be read: " + e.getMessage());
        }
    }

    // ---- plumbing

    private Timing process(List<String> command, Map<String, String> environment) {
        Path log = work.resolve("last-command.log");
        return runs.process(command, environment, log, log.resolveSibling("last-command.err"));
    }

    /** The Debian root from {@code bin/lib/debian-fixture.sh}, or empty (with the reason) when it cannot be made. */
    private Optional<Path> debianRoot() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(root.resolve("bin/lib/debian-fixture.sh").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0 || out.isEmpty()) {
            say("no Debian root (bin/lib/debian-fixture.sh failed, its message is above): measuring the big image only");
            return Optional.empty();
        }
        return Optional.of(Path.of(out));
    }

    private void row(String... cells) {
        rows.add(cells);
    }

    private void print() {
        System.out.println();
        facts.forEach(f -> System.out.println("image " + f));
        System.out.println();
        String format = "%-7s %-40s %10s  %-8s %10s %7s  %s%n";
        System.out.printf(Locale.ROOT, format, "image", "figure (medians of " + reps + ")", "value", "peer", "peer", "ratio",
                "target / note");
        for (String[] r : rows) {
            System.out.printf(Locale.ROOT, format, (Object[]) r);
        }
        System.out.println();
        System.out.println("Targets: (c) wall ≤ 0.60× (b); (c) CPU ≤ 1.25× (a) CPU; (c) peak RSS ≤ 400 MB on the big image."
                + (BenchRuns.haveTime() ? "" : " (/usr/bin/time is missing: no CPU or RSS for processes; apt-get install time)"));
    }

    private static String target(boolean met, String target) {
        return target + (met ? " met" : " MISSED");
    }

    private static String ratio(double a, double b) {
        return String.format(Locale.ROOT, "%.2f×", a / b);
    }

    private static String secs(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    private static String mb(long kb) {
        return kb == 0 ? "-" : String.format(Locale.ROOT, "%d MB", Math.round(kb / 1024.0));
    }

    private static void say(String line) {
        System.out.println("bench: " + line);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
