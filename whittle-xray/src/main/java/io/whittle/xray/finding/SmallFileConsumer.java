package io.whittle.xray.finding;

import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.Spool;
import java.io.IOException;

/**
 * Collects a small file in memory (scanners only open files up to {@link #LIMIT}) and hands it to a check once
 * complete; a file that turns out bigger than announced is dropped rather than half-read.
 */
final class SmallFileConsumer implements FileConsumer {
    static final int LIMIT = 1 << 20;

    @FunctionalInterface
    interface Check {
        void check(byte[] content, EvidenceSink sink) throws IOException;
    }

    private final Spool spool = new Spool(LIMIT, LIMIT);
    private final Check check;

    SmallFileConsumer(Check check) {
        this.check = check;
    }

    @Override
    public void accept(byte[] buffer, int offset, int length) throws IOException {
        spool.write(buffer, offset, length);
    }

    @Override
    public void finish(EvidenceSink sink) throws IOException {
        try (spool) {
            if (!spool.truncated()) {
                check.check(spool.bytes(), sink);
            }
        }
    }

    @Override
    public void abandon() {
        spool.close();
    }
}
