package io.whittle.xray.finding;

import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.Spool;
import io.whittle.xray.scan.SpooledConsumer;
import java.io.IOException;

/**
 * Collects a small file in memory (scanners only open files up to {@link #LIMIT}) and hands it to a check once
 * complete; a file that turns out bigger than announced is dropped rather than half-read.
 */
final class SmallFileConsumer extends SpooledConsumer {
    static final int LIMIT = 1 << 20;

    @FunctionalInterface
    interface Check {
        void check(byte[] content, EvidenceSink sink) throws IOException;
    }

    private final Check check;

    SmallFileConsumer(Check check) {
        super(LIMIT, LIMIT);
        this.check = check;
    }

    @Override
    protected void read(Spool spool, EvidenceSink sink) throws IOException {
        check.check(spool.bytes(), sink);
    }
}
