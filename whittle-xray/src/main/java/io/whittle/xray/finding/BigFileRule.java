package io.whittle.xray.finding;

import io.whittle.xray.fs.MergedFile;
import io.whittle.xray.scan.LayerEntry;
import java.util.ArrayList;
import java.util.List;

/** Files at or above a size threshold: worth a look when an image is bigger than it should be. */
final class BigFileRule implements TreeRule {
    private final long threshold;
    private final List<Finding> found = new ArrayList<>();

    BigFileRule(long threshold) {
        this.threshold = threshold;
    }

    @Override
    public void visit(MergedFile file) {
        if (file.kind() == LayerEntry.Kind.FILE && file.size() >= threshold) {
            String at = Secrets.absolute(file.path());
            found.add(new Finding("big-file", Severity.INFO, at, at + " is " + Sizes.human(file.size())
                    + ": check that the image needs it, or fetch it at run time."));
        }
    }

    @Override
    public void finish(List<Finding> out) {
        out.addAll(found);
    }
}
