package io.whittle.xray.finding;

import io.whittle.xray.fs.MergedFile;
import io.whittle.xray.scan.LayerEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * World-writable files and directories: any user in the container can change them. Sticky directories (only an
 * entry's owner may delete it) are a milder case, and the usual scratch directories are expected.
 */
final class WorldWritableRule implements TreeRule {
    private static final int OTHERS_WRITE = 0002;
    private static final int STICKY = 01000;
    private static final Set<String> SCRATCH = Set.of("tmp", "var/tmp", "dev/shm", "run/lock", "var/lock");
    private final List<Finding> found = new ArrayList<>();

    @Override
    public void visit(MergedFile file) {
        if ((file.mode() & OTHERS_WRITE) == 0) {
            return;
        }
        String at = Secrets.absolute(file.path());
        if (file.kind() == LayerEntry.Kind.FILE) {
            found.add(new Finding("world-writable", Severity.MEDIUM, at,
                    at + " is writable by every user: remove the write bit for others (chmod o-w)."));
        } else if (file.kind() == LayerEntry.Kind.DIRECTORY && !SCRATCH.contains(file.path())) {
            boolean sticky = (file.mode() & STICKY) != 0;
            found.add(new Finding("world-writable", sticky ? Severity.INFO : Severity.MEDIUM, at, sticky
                    ? at + " is a world-writable sticky directory: make sure it is meant as shared scratch space."
                    : at + " is a directory every user can write to and delete from: remove the write bit for"
                    + " others (chmod o-w) or set the sticky bit."));
        }
    }

    @Override
    public void finish(List<Finding> out) {
        out.addAll(found);
    }
}
