package io.whittle.xray.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.xray.finding.Severity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dive's CI rules and .dive-ci format, and Whittle's rules in the same file. */
class CiRulesTest {

    @Test
    void divesDefaults() {
        CiRules d = CiRules.defaults();
        assertThat(d.lowestEfficiency()).contains(0.9);
        assertThat(d.highestWastedBytes()).isEmpty();
        assertThat(d.highestUserWastedPercent()).contains(0.1);
        assertThat(d.maxSize()).isEmpty();
        assertThat(d.failOnSeverity()).isEmpty();
    }

    @Test
    void theSampleFailsDivesDefaults() {
        // efficiency 0.875 < 0.9 and user wasted 0.8 > 0.1; wasted bytes unchecked.
        CiVerdict v = CiRules.defaults().evaluate(SampleReports.debian());
        assertThat(v.passed()).isFalse();
        assertThat(status(v, "lowest-efficiency")).isEqualTo(CiVerdict.Status.FAIL);
        assertThat(status(v, "highest-user-wasted-percent")).isEqualTo(CiVerdict.Status.FAIL);
        assertThat(status(v, "highest-wasted-bytes")).isEqualTo(CiVerdict.Status.SKIP);
        assertThat(v.count(CiVerdict.Status.SKIP)).isEqualTo(5);
        String printed = print(v);
        assertThat(printed).contains("  FAIL  lowest-efficiency: image efficiency is too low (efficiency=0.875 <"
                + " threshold=0.9)");
        assertThat(printed).contains("Result: FAIL [Total:7] [Passed:0] [Failed:2] [Skipped:5]");
    }

    @Test
    void aDiveCiFileAsDiveDocumentsIt() {
        CiRules r = CiRules.parse("""
                rules:
                  # If the efficiency is measured below X%, mark as failed.
                  lowest-efficiency: 0.85
                  highest-wasted-bytes: 20MB
                  highest-user-wasted-percent: 0.90
                """);
        assertThat(r.lowestEfficiency()).contains(0.85);
        assertThat(r.highestWastedBytes()).contains(20_000_000L);
        assertThat(r.highestUserWastedPercent()).contains(0.9);
        CiVerdict v = r.evaluate(SampleReports.debian());
        assertThat(v.passed()).as(print(v)).isTrue();
        assertThat(v.count(CiVerdict.Status.PASS)).isEqualTo(3);
        assertThat(print(v)).contains("Result: PASS");
    }

    @Test
    void disabledOffFalseAndEmptyTurnRulesOff() {
        CiRules r = CiRules.parse("""
                rules:
                  lowest-efficiency: disabled
                  highest-wasted-bytes: "off"
                  highest-user-wasted-percent: false
                  max-size: OFF
                  fail-on-severity:
                """);
        assertThat(r.lowestEfficiency()).isEmpty();
        assertThat(r.highestWastedBytes()).isEmpty();
        assertThat(r.highestUserWastedPercent()).isEmpty();
        assertThat(r.maxSize()).isEmpty();
        assertThat(r.failOnSeverity()).isEmpty();
        assertThat(r.evaluate(SampleReports.debian()).passed()).isTrue();
    }

    @Test
    void keysLeftOutKeepDivesDefaults() {
        CiRules r = CiRules.parse("rules:\n  highest-wasted-bytes: 1.9MB\n");
        assertThat(r.lowestEfficiency()).contains(0.9);
        assertThat(r.highestUserWastedPercent()).contains(0.1);
        CiVerdict v = r.evaluate(SampleReports.debian());
        assertThat(status(v, "highest-wasted-bytes")).isEqualTo(CiVerdict.Status.FAIL);
        assertThat(CiRules.parse("").lowestEfficiency()).contains(0.9);
        assertThat(CiRules.parse("# nothing\n")).isEqualTo(CiRules.defaults());
    }

    @Test
    void dive013TopLevelThresholdForm() {
        CiRules r = CiRules.parse("lowest-efficiency-threshold: 0.5\nhighest-user-wasted-percent: disabled\n"
                + "something-else: 1\n");
        assertThat(r.lowestEfficiency()).contains(0.5);
        assertThat(r.highestUserWastedPercent()).isEmpty();
    }

    @Test
    void whittlesRules() {
        CiRules r = CiRules.parse("""
                rules:
                  lowest-efficiency: disabled
                  highest-user-wasted-percent: disabled
                  max-size: 12MB
                  max-compressed-size: 3MB
                  max-reclaimable-bytes: 2MB
                  fail-on-severity: high
                """);
        CiVerdict v = r.evaluate(SampleReports.debian());
        assertThat(status(v, "max-size")).isEqualTo(CiVerdict.Status.FAIL); // 12.5 MB > 12 MB
        assertThat(status(v, "max-compressed-size")).isEqualTo(CiVerdict.Status.PASS); // 3 MB is not over 3 MB
        assertThat(status(v, "max-reclaimable-bytes")).isEqualTo(CiVerdict.Status.PASS);
        assertThat(status(v, "fail-on-severity")).isEqualTo(CiVerdict.Status.FAIL);
        assertThat(message(v, "fail-on-severity")).contains("1 finding at high or above").contains("private-key");
        assertThat(message(v, "max-size")).contains("12.5 MB").contains("12.0 MB");

        assertThat(CiRules.parse("rules:\n  fail-on-severity: critical\n").failOnSeverity())
                .contains(Severity.CRITICAL);
        assertThat(status(CiRules.parse("rules:\n  lowest-efficiency: 0\n  highest-user-wasted-percent: 1\n"
                + "  fail-on-severity: Critical\n").evaluate(SampleReports.debian()), "fail-on-severity"))
                .isEqualTo(CiVerdict.Status.PASS);
        assertThat(status(CiRules.parse("rules:\n  fail-on-severity: info\n").evaluate(SampleReports.debian()),
                "fail-on-severity")).isEqualTo(CiVerdict.Status.FAIL);
    }

    @Test
    void badValuesAreRefusedWithTheKeyNamed() {
        assertThatThrownBy(() -> CiRules.parse("rules:\n  lowest-efficiency: 1.5\n"))
                .hasMessageContaining("'lowest-efficiency'").hasMessageContaining("outside 0 to 1");
        assertThatThrownBy(() -> CiRules.parse("rules:\n  lowest-efficiency: high\n"))
                .hasMessageContaining("not a ratio");
        assertThatThrownBy(() -> CiRules.parse("rules:\n  highest-wasted-bytes: 20 megs\n"))
                .hasMessageContaining("'highest-wasted-bytes'").hasMessageContaining("unknown unit");
        assertThatThrownBy(() -> CiRules.parse("rules:\n  fail-on-severity: severe\n"))
                .hasMessageContaining("info, low, medium, high, critical");
        assertThatThrownBy(() -> CiRules.parse("rules:\n  lowest-efficency: 0.9\n"))
                .hasMessageContaining("unknown rule 'lowest-efficency'");
        assertThatThrownBy(() -> CiRules.parse("rules: [\n"))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void theDefaultFileIsReadWhenThere(@TempDir Path dir) throws IOException {
        assertThat(CiRules.readDefault(dir)).isEqualTo(CiRules.defaults());
        Files.writeString(dir.resolve(".dive-ci"), "rules:\n  lowest-efficiency: 0.5\n");
        assertThat(CiRules.readDefault(dir).lowestEfficiency()).contains(0.5);
        assertThatThrownBy(() -> CiRules.read(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
        Files.writeString(dir.resolve("bad"), "rules:\n  lowest-efficiency: 2\n");
        assertThatThrownBy(() -> CiRules.read(dir.resolve("bad"))).hasMessageStartingWith(dir.resolve("bad") + ": ");
    }

    @Test
    void aNanUserWastedPercentPassesAsInDive() {
        XrayReport r = SampleReports.debian();
        var e = r.efficiency();
        XrayReport nan = new XrayReport(r.schema(), r.image(), r.config(), r.sizes(), r.layers(),
                new XrayReport.Efficiency(1.0, 0, Double.NaN, 0, 0, e.inefficiencies()), r.files(), r.os(),
                r.packages(), r.findings(), r.dockerfile(), r.duplicates(), r.analysis());
        assertThat(CiRules.defaults().evaluate(nan).passed()).isTrue();
    }

    private static CiVerdict.Status status(CiVerdict v, String rule) {
        return v.results().stream().filter(r -> r.rule().equals(rule)).findFirst().orElseThrow().status();
    }

    private static String message(CiVerdict v, String rule) {
        return v.results().stream().filter(r -> r.rule().equals(rule)).findFirst().orElseThrow().message();
    }

    private static String print(CiVerdict v) {
        StringWriter s = new StringWriter();
        v.print(new PrintWriter(s));
        return s.toString();
    }
}
