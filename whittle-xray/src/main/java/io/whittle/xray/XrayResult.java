package io.whittle.xray;

import io.whittle.xray.fs.MergedTree;
import io.whittle.xray.report.XrayReport;
import io.whittle.xray.scan.LayerScan;
import java.util.List;

/** The report and what it was made from (the layer scans and the merged tree), for explorers. */
public record XrayResult(XrayReport report, List<LayerScan> scans, MergedTree tree) {
    public XrayResult {
        scans = List.copyOf(scans);
    }
}
