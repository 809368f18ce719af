package io.whittle.xray.finding;

import io.whittle.xray.fs.MergedFile;
import java.util.List;

/** A rule over the merged file system: sees every path once, in tree order, then reports. */
interface TreeRule {
    void visit(MergedFile file);

    void finish(List<Finding> out);
}
