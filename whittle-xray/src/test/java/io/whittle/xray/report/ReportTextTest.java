package io.whittle.xray.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ReportTextTest {

    @Test
    void summaryShowsSizesEfficiencyWasteLayersPackagesAndFindings() {
        String t = render(SampleReports.debian());
        assertThat(t).startsWith("X-ray of 127.0.0.1:5000/team/app:1.0\n")
                .contains("  Digest       sha256:" + "a".repeat(64) + "\n")
                .contains("  Platform     linux/amd64\n")
                .contains("  OS           Debian GNU/Linux 12 (bookworm)\n")
                .contains("  User         root (not set)\n")
                .contains("  Size         3.0 MB compressed, 12.5 MB uncompressed, 2 layers\n")
                .contains("  Score        87.5 %")
                .contains("  Wasted       2.0 MB")
                .contains("  User wasted  80.0 %")
                .contains("  Reclaimable  1.0 MB")
                .contains("Top waste\n  COUNT  TOTAL SPACE  PATH\n  2      2.0 MB       /usr/bin/app\n")
                .contains("  #  SIZE     ADDED  MODIFIED  REMOVED  CREATED BY\n")
                .contains("  0  10.0 MB  +120   ~0        -0       ADD rootfs.tar.gz /\n")
                .contains("  1  2.5 MB   +3     ~1        -2       COPY app /usr/bin/app\n")
                .contains("Packages: 3 (deb 2, pypi 1)\n")
                .contains("Findings: 3 (1 high, 1 medium, 1 info)\n")
                .contains("  HIGH      private-key   /usr/bin/app")
                .contains("Duplicate files: 1 set, 250.0 kB in extra copies");
    }

    @Test
    void controlCharactersFromTheImageNeverReachTheTerminal() {
        String t = render(SampleReports.hostile("evil\u001b]0;pwned\u0007\u009b2Jname\nforged line"));
        assertThat(t).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u009b")
                .doesNotContain("\nforged line").contains("evil?]0;pwned??2Jname?forged line");
    }

    @Test
    void longInstructionsAreCut() {
        String t = render(SampleReports.hostile("RUN " + "x".repeat(200)));
        assertThat(t).contains("RUN " + "x".repeat(65) + "…");
    }

    private static String render(XrayReport r) {
        StringWriter s = new StringWriter();
        ReportText.write(r, new PrintWriter(s));
        return s.toString();
    }
}
