package io.whittle.xray.finding;

import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

/** Passwords in {@code .netrc} (used by curl, git, pip): {@code machine HOST login USER password SECRET}. */
final class NetrcScanner implements ContentScanner {

    @Override
    public FileConsumer open(FileInfo file) {
        boolean candidate = file.name().equals(".netrc") || file.name().equals("_netrc");
        return candidate && Candidates.small(file)
                ? new SmallFileConsumer((content, sink) -> check(file.path(), content, sink)) : null;
    }

    private static void check(String path, byte[] content, EvidenceSink sink) {
        String[] tokens = new String(content, StandardCharsets.UTF_8).strip().split("\\s+");
        TreeSet<String> machines = new TreeSet<>();
        String machine = "default";
        for (int i = 0; i + 1 < tokens.length; i++) {
            if (tokens[i].equals("machine")) {
                machine = tokens[i + 1];
            } else if (tokens[i].equals("default")) {
                machine = "default";
            } else if (tokens[i].equals("password") && Secrets.realValue(tokens[i + 1])) {
                machines.add(machine);
            }
        }
        if (machines.isEmpty()) {
            return;
        }
        String at = Secrets.absolute(path);
        sink.add(new Evidence.FindingFound(path, new Finding("netrc-password", Severity.HIGH, at,
                at + " stores passwords for " + String.join(", ", machines)
                        + ": remove the file from the image, change the passwords, and use a build secret instead.")));
    }
}
