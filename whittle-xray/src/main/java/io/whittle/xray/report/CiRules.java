package io.whittle.xray.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.whittle.xray.finding.Finding;
import io.whittle.xray.finding.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules {@code whittle xray --ci} checks a report against: dive's three, with dive's defaults and read from a
 * {@code .dive-ci} file as dive reads it, and Whittle's own (all off unless the file turns them on).
 *
 * <p>File format (YAML), every key optional:
 * <pre>
 * rules:
 *   lowest-efficiency: 0.9             # dive: fail when efficiency &lt; this (0..1)
 *   highest-wasted-bytes: disabled     # dive: fail when wasted bytes &gt; this ("20MB", "1.5GiB", "1000")
 *   highest-user-wasted-percent: 0.1   # dive: fail when user wasted percent &gt; this (0..1)
 *   max-size: 500MB                    # Whittle: fail when the uncompressed size is larger
 *   max-compressed-size: 200MB         # Whittle: fail when the compressed (stored) size is larger
 *   max-reclaimable-bytes: 50MB        # Whittle: fail when squashing would save more than this
 *   fail-on-severity: high             # Whittle: fail when a finding is at least this severe
 * </pre>
 * A value of {@code disabled}, {@code off}, {@code false} or nothing turns a rule off, as in dive. dive 0.13 also
 * spells the first key {@code lowest-efficiency-threshold} and reads the keys at the top level; both are accepted.
 */
public record CiRules(Optional<Double> lowestEfficiency, Optional<Long> highestWastedBytes,
                      Optional<Double> highestUserWastedPercent, Optional<Long> maxSize,
                      Optional<Long> maxCompressedSize, Optional<Long> maxReclaimableBytes,
                      Optional<Severity> failOnSeverity) {

    /** The file dive reads from the working directory when no other is named. */
    public static final String DEFAULT_FILE = ".dive-ci";

    public CiRules {
        Objects.requireNonNull(lowestEfficiency, "lowestEfficiency");
        Objects.requireNonNull(highestWastedBytes, "highestWastedBytes");
        Objects.requireNonNull(highestUserWastedPercent, "highestUserWastedPercent");
        Objects.requireNonNull(maxSize, "maxSize");
        Objects.requireNonNull(maxCompressedSize, "maxCompressedSize");
        Objects.requireNonNull(maxReclaimableBytes, "maxReclaimableBytes");
        Objects.requireNonNull(failOnSeverity, "failOnSeverity");
    }

    /** dive's defaults: efficiency at least 0.9, user wasted percent at most 0.1, wasted bytes unchecked. */
    public static CiRules defaults() {
        return new CiRules(Optional.of(0.9), Optional.empty(), Optional.of(0.1), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /**
     * The rules of a {@code .dive-ci} file on top of the defaults.
     *
     * @throws NoSuchFileException      when the file does not exist
     * @throws IllegalArgumentException when a value is not valid, with a sentence naming the key and file
     */
    public static CiRules read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The rules of the default file in {@code directory}, or the defaults when there is none (as dive does). */
    public static CiRules readDefault(Path directory) throws IOException {
        Path file = directory.resolve(DEFAULT_FILE);
        return Files.isRegularFile(file) ? read(file) : defaults();
    }

    /** Parses the YAML text of a {@code .dive-ci} file. */
    public static CiRules parse(String yaml) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid YAML (" + firstLine(e.getMessage()) + "): fix the file");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return defaults();
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("a CI rules file holds a 'rules:' mapping: see docs/xray-json.md");
        }
        JsonNode rules = root.path("rules");
        boolean nested = rules.isObject();
        if (!nested) {
            rules = root;
        } else if (!rules.isObject()) {
            throw new IllegalArgumentException("'rules' must be a mapping of rule names to values");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = rules.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String canonical = key.equals("lowest-efficiency-threshold") ? "lowest-efficiency" : key;
            if (!KEYS.contains(canonical)) {
                if (nested) {
                    throw new IllegalArgumentException("unknown rule '" + key + "': the rules are "
                            + String.join(", ", KEYS));
                }
                continue; // dive 0.13's top-level form shares the level with other settings
            }
            JsonNode v = e.getValue();
            if (v.isContainerNode()) {
                throw new IllegalArgumentException("rule '" + key + "' needs a single value, not a list or mapping");
            }
            values.put(canonical, v.isNull() ? "" : v.asText());
        }
        CiRules d = defaults();
        return new CiRules(
                ratio(values, "lowest-efficiency", d.lowestEfficiency),
                bytes(values, "highest-wasted-bytes", d.highestWastedBytes),
                ratio(values, "highest-user-wasted-percent", d.highestUserWastedPercent),
                bytes(values, "max-size", d.maxSize),
                bytes(values, "max-compressed-size", d.maxCompressedSize),
                bytes(values, "max-reclaimable-bytes", d.maxReclaimableBytes),
                severity(values, "fail-on-severity", d.failOnSeverity));
    }

    private static final List<String> KEYS = List.of("lowest-efficiency", "highest-wasted-bytes",
            "highest-user-wasted-percent", "max-size", "max-compressed-size", "max-reclaimable-bytes",
            "fail-on-severity");

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** As dive: blank, disabled, off and false (any case, spaces around) switch a rule off. */
    static boolean disabled(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return v.isEmpty() || v.equals("disabled") || v.equals("off") || v.equals("false");
    }

    private static Optional<Double> ratio(Map<String, String> values, String key, Optional<Double> fallback) {
        if (!values.containsKey(key)) {
            return fallback;
        }
        String v = values.get(key);
        if (disabled(v)) {
            return Optional.empty();
        }
        double d;
        try {
            d = Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rule '" + key + "' is '" + v + "', not a ratio: give a number between 0"
                    + " and 1, or 'disabled'");
        }
        if (!(d >= 0 && d <= 1)) {
            throw new IllegalArgumentException("rule '" + key + "' is " + v + ", outside 0 to 1: give a ratio such as"
                    + " 0.9");
        }
        return Optional.of(d);
    }

    private static Optional<Long> bytes(Map<String, String> values, String key, Optional<Long> fallback) {
        if (!values.containsKey(key)) {
            return fallback;
        }
        String v = values.get(key);
        if (disabled(v)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ByteSize.parse(v));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule '" + key + "': " + e.getMessage(), e);
        }
    }

    private static Optional<Severity> severity(Map<String, String> values, String key, Optional<Severity> fallback) {
        if (!values.containsKey(key)) {
            return fallback;
        }
        String v = values.get(key);
        if (disabled(v)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Severity.valueOf(v.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule '" + key + "' is '" + v + "': give one of info, low, medium,"
                    + " high, critical, or 'disabled'");
        }
    }

    /** Checks the report against every rule, in the order of the file format above. */
    public CiVerdict evaluate(XrayReport report) {
        List<CiVerdict.Result> results = new ArrayList<>();
        XrayReport.Efficiency e = report.efficiency();
        results.add(lowestEfficiency.map(t -> t > e.score()
                ? CiVerdict.Result.fail("lowest-efficiency", "image efficiency is too low (efficiency=" + e.score()
                        + " < threshold=" + t + ")")
                : CiVerdict.Result.pass("lowest-efficiency", "efficiency=" + e.score() + " >= threshold=" + t))
                .orElse(CiVerdict.Result.skip("lowest-efficiency")));
        results.add(highestWastedBytes.map(t -> e.wastedBytes() > t
                ? CiVerdict.Result.fail("highest-wasted-bytes", "too many bytes wasted (wasted-bytes=" + e.wastedBytes()
                        + " > threshold=" + t + ")")
                : CiVerdict.Result.pass("highest-wasted-bytes", "wasted-bytes=" + e.wastedBytes() + " <= threshold="
                        + t))
                .orElse(CiVerdict.Result.skip("highest-wasted-bytes")));
        results.add(highestUserWastedPercent.map(t -> e.userWastedPercent() > t
                ? CiVerdict.Result.fail("highest-user-wasted-percent", "too many bytes wasted, relative to the user"
                        + " bytes added (user-wasted-percent=" + e.userWastedPercent() + " > threshold=" + t + ")")
                : CiVerdict.Result.pass("highest-user-wasted-percent", "user-wasted-percent=" + e.userWastedPercent()
                        + " <= threshold=" + t))
                .orElse(CiVerdict.Result.skip("highest-user-wasted-percent")));
        results.add(budget("max-size", "uncompressed size", report.sizes().uncompressed(), maxSize));
        results.add(budget("max-compressed-size", "compressed size", report.sizes().compressed(), maxCompressedSize));
        results.add(budget("max-reclaimable-bytes", "reclaimable bytes", e.reclaimableBytes(), maxReclaimableBytes));
        results.add(failOnSeverity.map(t -> {
            List<Finding> hits = report.findings().stream().filter(f -> f.severity().compareTo(t) >= 0).toList();
            String level = t.name().toLowerCase(Locale.ROOT);
            if (hits.isEmpty()) {
                return CiVerdict.Result.pass("fail-on-severity", "no finding at " + level + " or above");
            }
            Finding first = hits.getFirst();
            return CiVerdict.Result.fail("fail-on-severity", hits.size() + (hits.size() == 1 ? " finding" : " findings")
                    + " at " + level + " or above, e.g. " + first.id() + " (" + first.severity().name()
                    .toLowerCase(Locale.ROOT) + ") at " + first.path());
        }).orElse(CiVerdict.Result.skip("fail-on-severity")));
        return new CiVerdict(results);
    }

    private static CiVerdict.Result budget(String key, String what, long actual, Optional<Long> limit) {
        return limit.map(t -> actual > t
                ? CiVerdict.Result.fail(key, what + " " + ByteSize.human(actual) + " (" + actual + " bytes) is over"
                        + " the budget of " + ByteSize.human(t) + " (" + t + " bytes)")
                : CiVerdict.Result.pass(key, what + " " + ByteSize.human(actual) + " is within " + ByteSize.human(t)))
                .orElse(CiVerdict.Result.skip(key));
    }
}
