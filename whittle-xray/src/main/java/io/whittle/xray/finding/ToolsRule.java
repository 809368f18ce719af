package io.whittle.xray.finding;

import io.whittle.xray.fs.MergedFile;
import io.whittle.xray.scan.LayerEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Shells and package managers on the PATH: what an intruder uses first, and what a minimal image leaves out. */
final class ToolsRule implements TreeRule {
    private static final Set<String> BIN_DIRS = Set.of("bin", "sbin", "usr/bin", "usr/sbin", "usr/local/bin",
            "usr/local/sbin");
    private static final Set<String> SHELLS = Set.of("sh", "bash", "rbash", "ash", "dash", "zsh", "ksh", "mksh", "csh", "tcsh",
            "fish", "busybox");
    private static final Pattern PACKAGE_MANAGERS = Pattern.compile(
            "apt|apt-get|dpkg|apk|yum|dnf|microdnf|rpm|zypper|pip|pip[23](?:\\.\\d+)?|easy_install|npm|yarn|pnpm|gem"
                    + "|conda");
    private final List<Finding> found = new ArrayList<>();

    @Override
    public void visit(MergedFile file) {
        if (file.kind() != LayerEntry.Kind.FILE && file.kind() != LayerEntry.Kind.SYMLINK
                && file.kind() != LayerEntry.Kind.HARDLINK) {
            return;
        }
        int slash = file.path().lastIndexOf('/');
        if (slash < 0 || !BIN_DIRS.contains(file.path().substring(0, slash))) {
            return;
        }
        String name = file.path().substring(slash + 1);
        String at = Secrets.absolute(file.path());
        if (SHELLS.contains(name)) {
            found.add(new Finding("shell", Severity.LOW, at,
                    at + " is a shell: leave shells out of production images (distroless or scratch bases) unless"
                            + " the entrypoint needs one."));
        } else if (PACKAGE_MANAGERS.matcher(name).matches()) {
            found.add(new Finding("package-manager", Severity.LOW, at,
                    at + " is a package manager: build in one stage and copy the result into a final stage"
                            + " without it."));
        }
    }

    @Override
    public void finish(List<Finding> out) {
        out.addAll(found);
    }
}
