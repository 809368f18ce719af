package io.whittle.xray.scan;

import java.io.IOException;

/**
 * A consumer for readers that need a whole file (a zip, a database, a JSON document, a small secret file): the
 * bytes are collected in a {@link Spool} and handed to {@link #read} once complete; a file bigger than
 * {@code maxBytes} is skipped rather than half-read, and the spool is released however the layer ends.
 */
public abstract class SpooledConsumer implements FileConsumer {
    private final Spool spool;

    protected SpooledConsumer(int memoryLimit, long maxBytes) {
        this.spool = new Spool(memoryLimit, maxBytes);
    }

    @Override
    public final void accept(byte[] buffer, int offset, int length) throws IOException {
        spool.write(buffer, offset, length);
    }

    @Override
    public final void finish(EvidenceSink sink) throws IOException {
        try (spool) {
            if (!spool.truncated()) {
                read(spool, sink);
            }
        }
    }

    @Override
    public final void abandon() {
        spool.close();
    }

    /** Reads the whole file, which was no bigger than the limit; the spool is closed afterwards. */
    protected abstract void read(Spool spool, EvidenceSink sink) throws IOException;
}
