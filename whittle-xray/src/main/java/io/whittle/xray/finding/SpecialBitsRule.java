package io.whittle.xray.finding;

import io.whittle.xray.fs.MergedFile;
import io.whittle.xray.scan.LayerEntry;
import java.util.ArrayList;
import java.util.List;

/** Setuid and setgid files: each lets any user run a program with its owner's or group's rights. */
final class SpecialBitsRule implements TreeRule {
    private static final int SETUID = 04000;
    private static final int SETGID = 02000;
    private final List<Finding> found = new ArrayList<>();

    @Override
    public void visit(MergedFile file) {
        if (file.kind() != LayerEntry.Kind.FILE) {
            return;  // setgid on directories only passes the group on to new files
        }
        String at = Secrets.absolute(file.path());
        if ((file.mode() & SETUID) != 0) {
            boolean root = file.uid() == 0;
            found.add(new Finding("setuid", root ? Severity.MEDIUM : Severity.LOW, at,
                    at + " is setuid " + (root ? "root" : "uid " + file.uid())
                            + ": remove the bit (chmod u-s) unless the image needs it, as it runs with its owner's"
                            + " rights for any user."));
        }
        if ((file.mode() & SETGID) != 0) {
            found.add(new Finding("setgid", Severity.LOW, at,
                    at + " is setgid " + (file.gid() == 0 ? "root" : "gid " + file.gid())
                            + ": remove the bit (chmod g-s) unless the image needs it, as it runs with its group's"
                            + " rights for any user."));
        }
    }

    @Override
    public void finish(List<Finding> out) {
        out.addAll(found);
    }
}
