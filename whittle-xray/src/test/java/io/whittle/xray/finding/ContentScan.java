package io.whittle.xray.finding;

import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Feeds a file through every content scanner the way the layer scanner does: open, bytes in chunks, finish. */
final class ContentScan {
    private ContentScan() {
    }

    static List<Finding> findings(Clock clock, String path, byte[] content) {
        List<Finding> out = new ArrayList<>();
        for (Evidence e : evidence(Findings.scanners(clock), path, content.length, content)) {
            out.add(((Evidence.FindingFound) e).finding());
        }
        return out;
    }

    static List<Finding> findings(String path, String content) {
        return findings(Clock.systemUTC(), path, content.getBytes(StandardCharsets.UTF_8));
    }

    static List<Evidence> evidence(List<ContentScanner> scanners, String path, long size, byte[] content) {
        List<Evidence> out = new ArrayList<>();
        for (ContentScanner scanner : scanners) {
            FileConsumer consumer = scanner.open(new FileInfo(path, size, 0644, 0, 0));
            if (consumer == null) {
                continue;
            }
            try {
                for (int i = 0; i < content.length; i += 777) {  // odd chunks: no scanner may rely on lines
                    consumer.accept(content, i, Math.min(777, content.length - i));
                }
                consumer.finish(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (Evidence e : out) {
            if (!(e instanceof Evidence.FindingFound f) || !f.path().equals(path)) {
                throw new AssertionError("unexpected evidence " + e);
            }
        }
        return out;
    }
}
