package io.whittle.xray.scan;

import io.whittle.oci.Layer;
import io.whittle.xray.tar.LayerReadResult;
import io.whittle.xray.tar.LayerReader;
import io.whittle.xray.tar.TarLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/** Streams one layer once through {@code LayerReader} and the content scanners. */
public final class LayerScanner {
    /** Bumped when what a scan records changes, so older cached scans are not taken for current ones. */
    static final int FORMAT = 1;
    private static final int CHUNK = 1 << 17;

    private final TarLimits limits;
    private final List<ContentScanner> scanners;
    private final String fingerprint;

    public LayerScanner(TarLimits limits, List<ContentScanner> scanners) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.scanners = List.copyOf(scanners);
        StringBuilder f = new StringBuilder("layer-scan/").append(FORMAT);
        for (ContentScanner s : this.scanners) {
            f.append(';').append(s.getClass().getName()).append('@').append(s.version());
        }
        this.fingerprint = f.toString();
    }

    /** Scans the layer: entries, whiteouts and opaque markers, content keys, evidence, anomalies. */
    public LayerScan scan(Layer layer) throws IOException {
        LayerCollector collector = new LayerCollector(scanners, new byte[CHUNK]);
        try (InputStream blob = layer.open()) {
            LayerReadResult read = new LayerReader(limits).read(blob, layer.mediaType(), layer.diffId(), collector);
            return new LayerScan(layer.digest(), read.diffId(), layer.mediaType(), layer.size(), read.tarBytes(),
                    collector.contentBytes(), collector.entries(), collector.evidence(), collector.anomalies());
        } catch (IOException | RuntimeException | Error e) {
            collector.abandon();
            throw e;
        }
    }

    /** Identifies the scanners and their versions, for {@link LayerCache} keys. */
    public String fingerprint() {
        return fingerprint;
    }
}
