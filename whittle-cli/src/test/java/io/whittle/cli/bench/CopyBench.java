package io.whittle.cli.bench;

import io.whittle.cli.bench.BenchRuns.Timing;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Platform;
import io.whittle.testkit.FaultProxy;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.ImageSpec;
import io.whittle.testkit.LayerSpec;
import io.whittle.testkit.RegistryServer;
import io.whittle.testkit.TestImage;
import io.whittle.testkit.TestIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * The copy benchmark behind {@code bench/copy}: not a test (nothing asserts; it measures and prints). It builds
 * a 5-layer image of about 300 MB and a 3-platform index with {@link ImageFactory}, runs real registries on
 * loopback, and times whole processes, JVM start included:
 *
 * <ul>
 *   <li>the ingest floor: the same blobs uploaded with curl (POST + PUT per blob), one at a time as the issue
 *       defines it, and as many at once as the copy moves (a stricter floor);
 *   <li>{@code whittle copy} against {@code skopeo copy}, registry to registry with a fresh target (cold), again
 *       with a target that has everything (warm), and registry to OCI directory;
 *   <li>{@code whittle --version} against a Java hello-world on the same JVM.
 * </ul>
 *
 * Figures are medians of {@code -Dbench.reps} runs (default 5; at least 9 for the warm and start-up ones), the runs
 * of the things compared alternating so that a noisy machine weighs on both alike. CPU time (user + system) and
 * peak RSS come from {@code /usr/bin/time} when it is installed. Before measuring, the launcher's start-up archive
 * is trained for the jars just built ({@code WHITTLE_ARCHIVE=sync}). {@code -Dbench.only=cold,index,warm,dir}
 * (any of them) runs only those groups, to iterate faster. {@code -Dbench.baseline=DIR} names another checkout
 * whose CLI is already built (e.g. the previous commit, from {@code git archive}): its runs alternate with the
 * others and show up as "before" rows, so that a change is measured against what it replaces in the same run.
 */
public final class CopyBench {
    private static final int JOBS = 4;

    private final Path root;
    private final Path work;
    private final Path whittle;
    private final BenchRuns processes;
    /** The launcher of another, already built checkout to compare with, when {@code -Dbench.baseline} names one. */
    private final Optional<Path> before;
    private final Map<String, String> env = new HashMap<>(System.getenv());
    private final int reps = Integer.getInteger("bench.reps", 5);
    private final List<String> only = List.of(System.getProperty("bench.only", "cold,index,warm,dir").split(","));
    private final List<Row> rows = new ArrayList<>();

    record Row(String what, Timing whittle, Timing other, String otherName, String note) {
    }

    private CopyBench(Path root) {
        this.root = root;
        this.work = root.resolve("bench/out");
        this.whittle = root.resolve("bin/whittle");
        this.processes = new BenchRuns(work);
        this.before = Optional.ofNullable(System.getProperty("bench.baseline"))
                .map(dir -> Path.of(dir).toAbsolutePath().resolve("bin/whittle"));
        // The jars were just packaged; never rebuild in the middle of a measurement. A cache of our own makes the
        // launcher train a fresh class-data archive for exactly these jars.
        env.put("WHITTLE_BUILD", "never");
        env.put("XDG_CACHE_HOME", work.resolve("cache").toString());
        env.put("DOCKER_CONFIG", work.resolve("no-docker-config").toString());
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        new CopyBench(root).run();
    }

    private void run() throws Exception {
        deleteTree(work.resolve("dirs"));
        Files.createDirectories(work.resolve("dirs"));
        Files.createDirectories(work.resolve("no-docker-config"));
        long layerBytes = Long.getLong("bench.layerBytes", 60_000_000L);

        say("building test images under " + work.resolve("images") + " …");
        TestImage big;
        TestIndex index;
        try (ImageFactory factory = new ImageFactory(work.resolve("images"))) {
            big = factory.largeImage(ImageFormat.OCI, 5, layerBytes, 1000);
            List<TestImage> children = new ArrayList<>();
            String[] platforms = {"linux/amd64", "linux/arm64/v8", "linux/s390x"};
            for (int i = 0; i < platforms.length; i++) {
                children.add(factory.image(ImageSpec.builder(ImageFormat.OCI).platform(Platform.parse(platforms[i]))
                        .cmd("/bin/true").layer(LayerSpec.random(layerBytes / 3, 2000 + i)).build()));
            }
            index = factory.index(ImageFormat.OCI, children);
        }
        long imageBytes = big.blobs().stream().mapToLong(Descriptor::size).sum();
        say(String.format(Locale.ROOT, "image: %d layers, %.1f MB; index: 3 platforms, %.1f MB", big.layerDescriptors().size(),
                imageBytes / 1e6, index.images().stream().flatMap(i -> i.blobs().stream()).mapToLong(Descriptor::size).sum() / 1e6));

        try (RegistryServer source = RegistryServer.builder().logLevel("error").start()) {
            big.push(source.url(), "bench/big", "1");
            index.push(source.url(), "bench/multi", "1");
            String src = source.hostPort();

            // The launcher's start-up archive for these jars is trained first (it would otherwise be trained in the
            // background during the first measurements).
            Map<String, String> train = new HashMap<>(env);
            train.put("WHITTLE_ARCHIVE", "sync");
            say("training the start-up archive …");
            // Both archives: that of every command (trained here by --version), and copy's own.
            process(List.of(whittle.toString(), "--version"), train);
            process(List.of(whittle.toString(), "copy", "--help"), train);
            before.ifPresent(b -> process(List.of(b.toString(), "--version"), train));
            before.ifPresent(b -> process(List.of(b.toString(), "copy", "--help"), train));

            // Each figure's runs alternate with those it is compared with, so that load from other processes falls
            // on both sides alike; medians of wall time, CPU time (user + system) and peak RSS are taken apart.
            if (only.contains("cold")) {
                cold(big, src);
            }
            if (only.contains("index")) {
                Map<String, Timing> indexes = BenchRuns.alternate(reps, Map.of(
                        "whittle", () -> inFreshRegistry(target -> process(List.of(whittle.toString(), "copy",
                                "--all-platforms", src + "/bench/multi:1", target.hostPort() + "/bench/multi:1"))),
                        "skopeo", () -> inFreshRegistry(target -> process(List.of(skopeoArgs("--all",
                                "docker://" + src + "/bench/multi:1",
                                "docker://" + target.hostPort() + "/bench/multi:1"))))), false);
                rows.add(new Row("cold copy, 3-platform index (all)", indexes.get("whittle"), indexes.get("skopeo"), "skopeo",
                        ""));
            }
            if (only.contains("warm")) {
                warm(src);
            }
            if (only.contains("dir")) {
                int[] n = {0};
                Map<String, Supplier<Timing>> runs = new LinkedHashMap<>();
                runs.put("whittle", () -> process(List.of(whittle.toString(), "copy", src + "/bench/big:1",
                        "oci:" + work.resolve("dirs/whittle-" + n[0]++) + ":1")));
                runs.put("skopeo", () -> process(skopeo("docker://" + src + "/bench/big:1",
                        "oci:" + work.resolve("dirs/skopeo-" + n[0]++) + ":1")));
                before.ifPresent(b -> runs.put("before", () -> process(List.of(b.toString(), "copy",
                        src + "/bench/big:1", "oci:" + work.resolve("dirs/before-" + n[0]++) + ":1"))));
                Map<String, Timing> dirs = BenchRuns.alternate(reps, runs, false);
                rows.add(new Row("registry to OCI directory", dirs.get("whittle"), dirs.get("skopeo"), "skopeo", ""));
                if (before.isPresent()) {
                    rows.add(new Row("registry to OCI dir: before vs now", dirs.get("before"), dirs.get("whittle"), "now",
                            ""));
                }
                deleteTree(work.resolve("dirs"));
            }
        }
        print();
    }

    private void cold(TestImage big, String src) {
        Map<String, String> defaultJit = new HashMap<>(env);
        defaultJit.put("WHITTLE_JAVA_OPTS", "-XX:CompileThresholdScaling=1");
        Map<String, Supplier<Timing>> runs = new LinkedHashMap<>();
        runs.put("floor-1", () -> inFreshRegistry(target -> ingestWithCurl(big, target, 1)));
        runs.put("floor", () -> inFreshRegistry(target -> ingestWithCurl(big, target, JOBS)));
        runs.put("whittle", () -> inFreshRegistry(target -> process(List.of(whittle.toString(), "copy",
                src + "/bench/big:1", target.hostPort() + "/bench/big:1"))));
        runs.put("skopeo", () -> inFreshRegistry(target -> process(skopeo("docker://" + src + "/bench/big:1",
                "docker://" + target.hostPort() + "/bench/big:1"))));
        runs.put("whittle-jit", () -> inFreshRegistry(target -> process(List.of(whittle.toString(), "copy",
                src + "/bench/big:1", target.hostPort() + "/bench/big:1"), defaultJit)));
        before.ifPresent(b -> runs.put("before", () -> inFreshRegistry(target -> process(List.of(b.toString(), "copy",
                src + "/bench/big:1", target.hostPort() + "/bench/big:1")))));
        Map<String, Timing> cold = BenchRuns.alternate(reps, runs, false);
        Timing sequential = cold.get("floor-1");
        Timing floor = cold.get("floor");
        rows.add(new Row("ingest floor: curl, one at a time", sequential, null, "",
                "the issue's floor: POST+PUT per blob, in turn"));
        rows.add(new Row("ingest floor: curl, " + JOBS + " at once", floor, null, "",
                "stricter: as many uploads at once as the copy"));
        rows.add(new Row("cold copy, registry to registry", cold.get("whittle"), cold.get("skopeo"), "skopeo",
                String.format(Locale.ROOT, "%.2f× the one-at-a-time floor, %.2f× the %d-at-once one (skopeo %.2f×,"
                        + " %.2f×); the floors read files, the copies a registry on the same cores",
                        cold.get("whittle").seconds() / sequential.seconds(), cold.get("whittle").seconds() / floor.seconds(),
                        JOBS, cold.get("skopeo").seconds() / sequential.seconds(), cold.get("skopeo").seconds() / floor.seconds())));
        rows.add(new Row("cold copy, whittle, default JIT", cold.get("whittle-jit"), cold.get("whittle"), "whittle",
                "-XX:CompileThresholdScaling=1 against the launcher's 100 for copy"));
        if (before.isPresent()) {
            rows.add(new Row("cold copy: before vs now", cold.get("before"), cold.get("whittle"), "now",
                    "the baseline checkout against this one"));
        }
    }

    private void warm(String src) throws IOException {
        Path hello = helloWorld();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (RegistryServer target = RegistryServer.builder().logLevel("error").start()) {
            process(List.of(whittle.toString(), "copy", src + "/bench/big:1", target.hostPort() + "/bench/big:1"));
            int[] tags = {0};
            Map<String, Supplier<Timing>> runs = new LinkedHashMap<>();
            runs.put("whittle", () -> process(List.of(whittle.toString(), "copy", src + "/bench/big:1",
                    target.hostPort() + "/bench/big:warm")));
            runs.put("whittle-new-tag", () -> process(List.of(whittle.toString(), "copy", src + "/bench/big:1",
                    target.hostPort() + "/bench/big:new-" + tags[0]++)));
            runs.put("skopeo", () -> process(skopeo("docker://" + src + "/bench/big:1",
                    "docker://" + target.hostPort() + "/bench/big:warm-skopeo")));
            runs.put("version", () -> process(List.of(whittle.toString(), "--version")));
            runs.put("hello", () -> process(List.of(java, "-cp", hello.toString(), "Hello")));
            before.ifPresent(b -> {
                runs.put("before", () -> process(List.of(b.toString(), "copy", src + "/bench/big:1",
                        target.hostPort() + "/bench/big:warm-before")));
                runs.put("before-version", () -> process(List.of(b.toString(), "--version")));
            });
            Map<String, Timing> warm = BenchRuns.alternate(Math.max(reps, 9), runs, false);
            List<String> sameTag = requestsOfACopy(target, src, "warm");
            List<String> newTag = requestsOfACopy(target, src, "proxied");
            Timing version = warm.get("version");
            rows.add(new Row("warm copy, same tag (all there)", warm.get("whittle"), warm.get("skopeo"), "skopeo",
                    String.format(Locale.ROOT, "%.2f× whittle --version; %d blob requests", warm.get("whittle").seconds()
                            / version.seconds(), sameTag.stream().filter(r -> r.contains("/blobs/")).count())));
            rows.add(new Row("warm copy, new tag (all there)", warm.get("whittle-new-tag"), warm.get("skopeo"),
                    "skopeo", String.format(Locale.ROOT, "%.2f× whittle --version; %d blob requests",
                            warm.get("whittle-new-tag").seconds() / version.seconds(),
                            newTag.stream().filter(r -> r.contains("/blobs/")).count())));
            rows.add(new Row("whittle --version vs hello-world", version, warm.get("hello"), "java Hello",
                    "same JVM: " + System.getProperty("java.home")));
            if (before.isPresent()) {
                rows.add(new Row("warm copy, same tag: before vs now", warm.get("before"), warm.get("whittle"), "now",
                        String.format(Locale.ROOT, "before: %.2f× its --version", warm.get("before").seconds()
                                / warm.get("before-version").seconds())));
                rows.add(new Row("whittle --version: before vs now", warm.get("before-version"), version, "now", ""));
            }
            say("requests of a warm copy to the same tag: " + String.join(", ", sameTag));
            say("requests of a warm copy to a new tag: " + String.join(", ", newTag));
        }
    }

    /** The requests a copy of bench/big:1 makes of {@code target} (through a recording proxy) to {@code tag}. */
    private List<String> requestsOfACopy(RegistryServer target, String src, String tag) {
        try (FaultProxy proxy = FaultProxy.start(target.url())) {
            process(List.of(whittle.toString(), "copy", src + "/bench/big:1", proxy.hostPort() + "/bench/big:" + tag));
            return proxy.requests("*", ".*").stream().map(r -> r.method() + " " + r.path()
                    .replaceAll("sha256:[0-9a-f]{64}", "<digest>")).toList();
        }
    }

    // ---- measurements

    /** Uploads the image's blobs with curl, {@code parallel} at a time, and times that. */
    private Timing ingestWithCurl(TestImage image, RegistryServer target, int parallel) {
        List<Descriptor> blobs = image.blobs();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Descriptor blob : blobs) {
                futures.add(pool.submit(() -> {
                    String location = curl(List.of("-sS", "-f", "-o", "/dev/null", "-D", "-", "-X", "POST",
                            target.url() + "/v2/bench/floor/blobs/uploads/")).lines()
                            .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("location:"))
                            .map(l -> l.substring("location:".length()).strip()).findFirst()
                            .orElseThrow(() -> new IllegalStateException("the registry gave no upload location"));
                    String url = (location.startsWith("/") ? target.url() + location : location)
                            + (location.contains("?") ? "&" : "?") + "digest=" + blob.digest();
                    curl(List.of("-sS", "-f", "-o", "/dev/null", "-T", image.blobPath(blob.digest()).toString(),
                            "-H", "Content-Type: application/octet-stream", url));
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("the curl upload failed: " + e.getMessage(), e);
        } finally {
            pool.shutdown();
        }
        return new Timing((System.nanoTime() - start) / 1e9, 0, 0);
    }

    private static String curl(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("curl");
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("curl failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Timing inFreshRegistry(java.util.function.Function<RegistryServer, Timing> body) {
        try (RegistryServer target = RegistryServer.builder().logLevel("error").start()) {
            return body.apply(target);
        }
    }

    private List<String> skopeo(String from, String to) {
        return List.of(skopeoArgs(from, to));
    }

    private static String[] skopeoArgs(String... args) {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--quiet",
                "--src-tls-verify=false", "--dest-tls-verify=false"));
        cmd.addAll(List.of(args));
        return cmd.toArray(String[]::new);
    }

    private Timing process(List<String> command) {
        return process(command, env);
    }

    /** Runs a command to its end and times it; its output and errors go to one log, shown when it fails. */
    private Timing process(List<String> command, Map<String, String> environment) {
        return processes.process(command, environment, work.resolve("last-command.log"));
    }

    private Path helloWorld() throws IOException {
        Path dir = work.resolve("hello");
        Files.createDirectories(dir);
        Path source = dir.resolve("Hello.java");
        Files.writeString(source, "public class Hello { public static void main(String[] a) { System.out.println(\"hello\"); } }\n");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), source.toString());
        if (rc != 0) {
            throw new IllegalStateException("javac could not compile the hello-world");
        }
        return dir;
    }

    // ---- report

    private void print() {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-36s %8s %8s %-10s %6s %8s %8s %7s %7s  %s%n", "scenario (medians)", "whittle",
                "other", "(other)", "ratio", "CPU w", "CPU o", "RSS w", "RSS o", "note");
        for (Row r : rows) {
            boolean other = r.other != null;
            System.out.printf(Locale.ROOT, "%-36s %8s %8s %-10s %6s %8s %8s %7s %7s  %s%n", r.what,
                    seconds(r.whittle.seconds()), other ? seconds(r.other.seconds()) : "", r.otherName,
                    other ? String.format(Locale.ROOT, "%.2f×", r.whittle.seconds() / r.other.seconds()) : "",
                    cpu(r.whittle), other ? cpu(r.other) : "", mb(r.whittle.rssKb()), other ? mb(r.other.rssKb()) : "", r.note);
        }
        System.out.println();
        System.out.println("Targets: cold copy ≤ 1.00× skopeo and ≤ 1.10× the floor; warm copy sends no blob bytes and ≤ 1.50×"
                + " whittle --version; whittle --version ≤ 3.00× hello-world.");
    }

    private static String cpu(Timing t) {
        return t.cpuSeconds() == 0 ? "-" : seconds(t.cpuSeconds());
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f s", s);
    }

    private static String mb(long kb) {
        return kb == 0 ? "-" : String.format(Locale.ROOT, "%d MB", Math.round(kb / 1024.0));
    }

    private static void say(String line) {
        System.out.println("bench: " + line);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
