package io.whittle.xray.finding;

import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

/** Passwords and tokens stored by git's credential store ({@code .git-credentials}: one URL with user:password a line). */
final class GitCredentialsScanner implements ContentScanner {

    @Override
    public FileConsumer open(FileInfo file) {
        return file.name().equals(".git-credentials") && Candidates.small(file)
                ? new SmallFileConsumer((content, sink) -> check(file.path(), content, sink)) : null;
    }

    private static void check(String path, byte[] content, EvidenceSink sink) {
        TreeSet<String> hosts = new TreeSet<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\r?\n")) {
            String l = line.strip();
            if (!Secrets.URL_WITH_PASSWORD.matcher(l).find()) {
                continue;
            }
            try {
                URI uri = new URI(l);
                hosts.add(uri.getHost() == null ? "an unnamed host" : uri.getHost());
            } catch (URISyntaxException e) {
                hosts.add("an unparsable URL");
            }
        }
        if (hosts.isEmpty()) {
            return;
        }
        String at = Secrets.absolute(path);
        sink.add(new Evidence.FindingFound(path, new Finding("git-credentials", Severity.HIGH, at,
                at + " stores git passwords or tokens for " + String.join(", ", hosts)
                        + ": remove the file from the image, revoke the tokens, and use a build secret instead.")));
    }
}
