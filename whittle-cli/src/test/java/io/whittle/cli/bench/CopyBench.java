package io.whittle.cli.bench;

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
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 *   <li>the ingest floor: the same blobs uploaded with curl (POST + PUT per blob, as many at once as the copy);
 *   <li>{@code whittle copy} against {@code skopeo copy}, registry to registry with a fresh target (cold), again
 *       with a target that has everything (warm), and registry to OCI directory;
 *   <li>{@code whittle --version} against a Java hello-world on the same JVM.
 * </ul>
 *
 * Figures are medians of {@code -Dbench.reps} runs (default 5; 9 for the start-up pair). Peak RSS comes from
 * {@code /usr/bin/time} when it is installed.
 */
public final class CopyBench {
    private static final int JOBS = 4;

    private final Path root;
    private final Path work;
    private final Path whittle;
    private final Map<String, String> env = new HashMap<>(System.getenv());
    private final int reps = Integer.getInteger("bench.reps", 5);
    private final boolean haveTime = Files.isExecutable(Path.of("/usr/bin/time"));
    private final List<Row> rows = new ArrayList<>();

    record Timing(double seconds, long rssKb) {
    }

    record Row(String what, Timing whittle, Timing other, String otherName, String note) {
    }

    private CopyBench(Path root) {
        this.root = root;
        this.work = root.resolve("bench/out");
        this.whittle = root.resolve("bin/whittle");
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

            // Warm-up: the launcher trains its class-data archive on first use, which is not what we measure.
            process(List.of(whittle.toString(), "--version"));

            Timing floor = median(() -> inFreshRegistry(target -> ingestWithCurl(big, target)));
            rows.add(new Row("ingest floor: curl POST+PUT, " + JOBS + " at once", floor, null, "", "the registry's limit"));

            Timing wCold = median(() -> inFreshRegistry(target -> process(List.of(whittle.toString(), "copy",
                    src + "/bench/big:1", target.hostPort() + "/bench/big:1"))));
            Timing sCold = median(() -> inFreshRegistry(target -> process(skopeo("docker://" + src + "/bench/big:1",
                    "docker://" + target.hostPort() + "/bench/big:1"))));
            rows.add(new Row("cold copy, registry to registry", wCold, sCold, "skopeo",
                    String.format(Locale.ROOT, "%.2f× the floor", wCold.seconds / floor.seconds)));

            // The launcher leaves the JIT at its default; this row shows what C1 alone (faster to start) would cost.
            Map<String, String> c1Only = new HashMap<>(env);
            c1Only.put("WHITTLE_JAVA_OPTS", "-XX:TieredStopAtLevel=1");
            Timing wColdC1 = median(() -> inFreshRegistry(target -> process(List.of(whittle.toString(), "copy",
                    src + "/bench/big:1", target.hostPort() + "/bench/big:1"), c1Only)));
            rows.add(new Row("cold copy, whittle with C1 only", wColdC1, wCold, "whittle", "-XX:TieredStopAtLevel=1"));

            Timing wIndex = median(() -> inFreshRegistry(target -> process(List.of(whittle.toString(), "copy",
                    "--all-platforms", src + "/bench/multi:1", target.hostPort() + "/bench/multi:1"))));
            Timing sIndex = median(() -> inFreshRegistry(target -> process(List.of(skopeoArgs("--all",
                    "docker://" + src + "/bench/multi:1", "docker://" + target.hostPort() + "/bench/multi:1")))));
            rows.add(new Row("cold copy, 3-platform index (all)", wIndex, sIndex, "skopeo", ""));

            Timing version = median(9, () -> process(List.of(whittle.toString(), "--version")));
            try (RegistryServer target = RegistryServer.builder().logLevel("error").start()) {
                process(List.of(whittle.toString(), "copy", src + "/bench/big:1", target.hostPort() + "/bench/big:1"));
                Timing wWarm = median(() -> process(List.of(whittle.toString(), "copy", src + "/bench/big:1",
                        target.hostPort() + "/bench/big:warm")));
                Timing sWarm = median(() -> process(skopeo("docker://" + src + "/bench/big:1",
                        "docker://" + target.hostPort() + "/bench/big:warm-skopeo")));
                int uploads;
                try (FaultProxy proxy = FaultProxy.start(target.url())) {
                    process(List.of(whittle.toString(), "copy", src + "/bench/big:1", proxy.hostPort() + "/bench/big:proxied"));
                    uploads = proxy.requests("*", "/v2/.+/blobs/uploads/.*").size();
                }
                rows.add(new Row("warm copy (target has every blob)", wWarm, sWarm, "skopeo",
                        String.format(Locale.ROOT, "%.2f× whittle --version; %d blob uploads", wWarm.seconds / version.seconds,
                                uploads)));
            }

            int[] n = {0};
            Timing wDir = median(() -> process(List.of(whittle.toString(), "copy", src + "/bench/big:1",
                    "oci:" + work.resolve("dirs/whittle-" + n[0]++) + ":1")));
            Timing sDir = median(() -> process(skopeo("docker://" + src + "/bench/big:1",
                    "oci:" + work.resolve("dirs/skopeo-" + n[0]++) + ":1")));
            rows.add(new Row("registry to OCI directory", wDir, sDir, "skopeo", ""));
            deleteTree(work.resolve("dirs"));

            Path hello = helloWorld();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Timing helloTime = median(9, () -> process(List.of(java, "-cp", hello.toString(), "Hello")));
            rows.add(new Row("whittle --version vs hello-world", version, helloTime, "java Hello",
                    "same JVM: " + System.getProperty("java.home")));
        }
        print();
    }

    // ---- measurements

    private Timing ingestWithCurl(TestImage image, RegistryServer target) {
        List<Descriptor> blobs = image.blobs();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(JOBS);
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
        return new Timing((System.nanoTime() - start) / 1e9, 0);
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

    /** Runs a command to its end and times it; the peak RSS comes from /usr/bin/time when there is one. */
    private Timing process(List<String> command, Map<String, String> environment) {
        try {
            Path rss = Files.createTempFile(work, "rss", ".txt");
            List<String> cmd = new ArrayList<>();
            if (haveTime) {
                cmd.addAll(List.of("/usr/bin/time", "-f", "%M", "-o", rss.toString()));
            }
            cmd.addAll(command);
            Path log = work.resolve("last-command.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().clear();
            pb.environment().putAll(environment);
            long start = System.nanoTime();
            Process p = pb.start();
            int code = p.waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (code != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + code + ":\n"
                        + Files.readString(log));
            }
            long kb = 0;
            if (haveTime) {
                List<String> lines = Files.readAllLines(rss);
                kb = lines.isEmpty() ? 0 : Long.parseLong(lines.getLast().strip());
            }
            Files.deleteIfExists(rss);
            return new Timing(seconds, kb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Timing median(Supplier<Timing> run) {
        return median(reps, run);
    }

    private static Timing median(int times, Supplier<Timing> run) {
        List<Timing> all = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            all.add(run.get());
        }
        all.sort(Comparator.comparingDouble(Timing::seconds));
        return all.get(all.size() / 2);
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
        System.out.printf(Locale.ROOT, "%-40s %9s %9s %-11s %7s %9s %9s  %s%n", "scenario (median of runs)", "whittle",
                "other", "(other)", "ratio", "RSS w", "RSS o", "note");
        for (Row r : rows) {
            String other = r.other == null ? "" : seconds(r.other.seconds);
            String ratio = r.other == null ? "" : String.format(Locale.ROOT, "%.2f×", r.whittle.seconds / r.other.seconds);
            System.out.printf(Locale.ROOT, "%-40s %9s %9s %-11s %7s %9s %9s  %s%n", r.what, seconds(r.whittle.seconds),
                    other, r.otherName, ratio, mb(r.whittle.rssKb), r.other == null ? "" : mb(r.other.rssKb), r.note);
        }
        System.out.println();
        System.out.println("Targets: cold copy ≤ 1.00× skopeo and ≤ 1.10× the floor; warm copy sends no blob bytes and ≤ 1.50×"
                + " whittle --version; whittle --version ≤ 3.00× hello-world.");
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
