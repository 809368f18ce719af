package io.whittle.cli.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Timing whole processes for a benchmark: wall time, and from {@code /usr/bin/time} (when installed) CPU time (user +
 * system, children included) and peak RSS, which a parent cannot read from {@code /proc} once the child is gone.
 */
final class BenchRuns {
    private static final boolean HAVE_TIME = Files.isExecutable(Path.of("/usr/bin/time"));

    /** One run, or the medians of several: wall seconds, peak RSS in KiB (0 when unknown), CPU seconds (0 when unknown). */
    record Timing(double seconds, long rssKb, double cpuSeconds) {
    }

    private final Path work;

    BenchRuns(Path work) {
        this.work = work;
    }

    static boolean haveTime() {
        return HAVE_TIME;
    }

    /**
     * Runs {@code command} to its end with exactly {@code env}, its output to {@code stdout} and its errors to
     * {@code stderr}, and times it; a failure throws with the command's errors.
     */
    Timing process(List<String> command, Map<String, String> env, Path stdout, Path stderr) {
        return time(command, env, pb -> pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()), stderr);
    }

    /** As {@link #process(List, Map, Path, Path)}, with output and errors in one {@code log}, in the order written. */
    Timing process(List<String> command, Map<String, String> env, Path log) {
        return time(command, env, pb -> pb.redirectErrorStream(true).redirectOutput(log.toFile()), log);
    }

    private Timing time(List<String> command, Map<String, String> env, Consumer<ProcessBuilder> redirect, Path errors) {
        try {
            Path usage = Files.createTempFile(work, "time", ".txt");
            List<String> cmd = new ArrayList<>();
            if (HAVE_TIME) {
                cmd.addAll(List.of("/usr/bin/time", "-f", "%M %U %S", "-o", usage.toString()));
            }
            cmd.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            redirect.accept(pb);
            pb.environment().clear();
            pb.environment().putAll(env);
            long start = System.nanoTime();
            int code = pb.start().waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (code != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + code + ":\n"
                        + tail(errors));
            }
            long kb = 0;
            double cpu = 0;
            List<String> lines = HAVE_TIME ? Files.readAllLines(usage) : List.of();
            if (!lines.isEmpty()) {
                String[] f = lines.getLast().strip().split(" ");
                kb = Long.parseLong(f[0]);
                cpu = Double.parseDouble(f[1]) + Double.parseDouble(f[2]);
            }
            Files.deleteIfExists(usage);
            return new Timing(seconds, kb, cpu);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /**
     * Runs each of {@code runs} {@code times} times, interleaved (the order reversed every other round, so that load
     * from elsewhere weighs on all alike), and answers each one's medians, every measure taken apart; with
     * {@code printEachRun}, every run's figures are printed as it ends.
     */
    static Map<String, Timing> alternate(int times, Map<String, Supplier<Timing>> runs, boolean printEachRun) {
        List<Map.Entry<String, Supplier<Timing>>> order = new ArrayList<>(runs.entrySet());
        Map<String, List<Timing>> all = new HashMap<>();
        for (int i = 0; i < times; i++) {
            for (Map.Entry<String, Supplier<Timing>> run : order) {
                Timing t = run.getValue().get();
                if (printEachRun) {
                    System.out.printf(Locale.ROOT, "bench:   %-10s run %d: %.2f s, CPU %.2f s, RSS %d MB%n",
                            run.getKey(), i + 1, t.seconds(), t.cpuSeconds(), Math.round(t.rssKb() / 1024.0));
                }
                all.computeIfAbsent(run.getKey(), k -> new ArrayList<>()).add(t);
            }
            Collections.reverse(order);
        }
        Map<String, Timing> medians = new HashMap<>();
        all.forEach((name, timings) -> medians.put(name, new Timing(
                median(timings.stream().mapToDouble(Timing::seconds).toArray()),
                Math.round(median(timings.stream().mapToDouble(Timing::rssKb).toArray())),
                median(timings.stream().mapToDouble(Timing::cpuSeconds).toArray()))));
        return medians;
    }

    /** The middle value, or the mean of the two middle ones when there is an even number. */
    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
