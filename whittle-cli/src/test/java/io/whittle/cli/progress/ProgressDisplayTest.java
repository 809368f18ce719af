package io.whittle.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.oci.Descriptor;
import io.whittle.oci.MediaType;
import io.whittle.oci.transfer.BlobOutcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {
    private static final Descriptor BIG = Descriptor.of(MediaType.OCI_LAYER_GZIP, "big".repeat(1000).getBytes(StandardCharsets.UTF_8));
    private static final Descriptor SMALL = Descriptor.of(MediaType.OCI_CONFIG, "{}".getBytes(StandardCharsets.UTF_8));
    private static final Descriptor MANIFEST = Descriptor.of(MediaType.OCI_MANIFEST, "{\"m\":1}".getBytes(StandardCharsets.UTF_8));

    @Test
    void terminalRedrawsBarsInPlaceAndEndsWithTheTotal() {
        StringWriter sink = new StringWriter();
        ProgressDisplay p = ProgressDisplay.on(new PrintWriter(sink), true);
        p.planned(List.of(BIG, SMALL));
        p.blobStarted(BIG);
        p.blobProgress(BIG, 1000);
        ((TerminalProgress) p).drawFrame();
        p.blobFinished(SMALL, BlobOutcome.SKIPPED);
        p.blobProgress(BIG, 2000);
        p.blobFinished(BIG, BlobOutcome.COPIED);
        p.manifestWritten(MANIFEST, Optional.of("v1"));
        p.close();
        String out = sink.toString();
        assertThat(out).contains("\u001b[2K").containsPattern("\u001b\\[2A");
        assertThat(out).contains(BIG.digest().shortForm() + "  3.0 kB     copied")
                .contains(SMALL.digest().shortForm()).contains("already there")
                .contains("manifest " + MANIFEST.digest().shortForm() + " tagged v1 written");
        String last = java.util.Arrays.stream(out.split("\u001b\\[2K")).filter(l -> l.contains(" blobs "))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(last).startsWith("[==============================] 2/2 blobs  3.0 kB / 3.0 kB");
        assertThat(p.tally().bytesSent()).isEqualTo(3000);
        assertThat(p.tally().count(BlobOutcome.COPIED)).isEqualTo(1);
        assertThat(p.tally().count(BlobOutcome.SKIPPED)).isEqualTo(1);
    }

    @Test
    void plainPrintsOneLinePerEventWithoutEscapes() {
        StringWriter sink = new StringWriter();
        ProgressDisplay p = ProgressDisplay.on(new PrintWriter(sink), false);
        p.planned(List.of(BIG, SMALL));
        p.blobStarted(BIG);
        p.blobProgress(BIG, 3000);
        p.blobFinished(BIG, BlobOutcome.COPIED);
        p.blobFinished(SMALL, BlobOutcome.MOUNTED);
        p.manifestWritten(MANIFEST, Optional.empty());
        p.close();
        assertThat(sink.toString().lines().toList()).containsExactly(
                "blob " + BIG.digest().shortForm() + "  3.0 kB  copied",
                "blob " + SMALL.digest().shortForm() + "  2 B  mounted",
                "manifest " + MANIFEST.digest().shortForm() + "  written");
    }

    @Test
    void silentCountsOnly() {
        ProgressDisplay p = ProgressDisplay.silent();
        p.blobFinished(SMALL, BlobOutcome.MOUNTED);
        p.close();
        assertThat(p.tally().count(BlobOutcome.MOUNTED)).isEqualTo(1);
        assertThat(p.tally().bytesSent()).isZero();
    }
}
