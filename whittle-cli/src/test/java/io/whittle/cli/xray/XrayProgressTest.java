package io.whittle.cli.xray;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class XrayProgressTest {

    @Test
    void onATerminalOneLineIsRedrawnAndWipedAtTheEnd() {
        StringWriter s = new StringWriter();
        try (XrayProgress p = XrayProgress.on(new PrintWriter(s), true)) {
            p.layerStarted(0, 3_000_000, false);
            p.layerStarted(1, 1_000, true);
            p.layerProgress(0, 1_500_000);
            p.layerDone(1, null);
            p.layerDone(0, null);
            p.phase("merge");
        }
        String out = s.toString();
        assertThat(out).contains("\r\033[2KX-ray: 2 layers done (1 cached), 1.5 MB read · merge")
                .endsWith("\r\033[2K").doesNotContain("\n");
    }

    @Test
    void offATerminalNothingIsPrinted() {
        StringWriter s = new StringWriter();
        try (XrayProgress p = XrayProgress.on(new PrintWriter(s), false)) {
            p.layerStarted(0, 3_000_000, false);
            p.layerProgress(0, 1_500_000);
            p.phase("merge");
        }
        assertThat(s.toString()).isEmpty();
    }
}
