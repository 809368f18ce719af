package io.whittle.xray.scan;

import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Layer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * A layer whose blob stream reports the compressed bytes read and stops once the image scan is cancelled
 * (another layer failed), so a cancelled worker does not read its layer to the end.
 */
record ProgressLayer(Layer layer, LongConsumer progress, BooleanSupplier cancelled) implements Layer {
    /** Report at most this often, in bytes, to keep listeners cheap. */
    private static final long STEP = 1 << 20;

    @Override
    public Descriptor descriptor() {
        return layer.descriptor();
    }

    @Override
    public Digest diffId() {
        return layer.diffId();
    }

    @Override
    public InputStream open() throws IOException {
        return new FilterInputStream(layer.open()) {
            private long read;
            private long reported;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (cancelled.getAsBoolean()) {
                    throw new InterruptedIOException("the image scan was cancelled because another layer failed");
                }
                int n = in.read(b, off, len);
                if (n > 0) {
                    read += n;
                    if (read - reported >= STEP) {
                        reported = read;
                        progress.accept(read);
                    }
                } else if (n < 0 && reported != read) {
                    reported = read;
                    progress.accept(read);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                // Through read, so that progress and cancellation see skipped bytes too.
                byte[] scratch = new byte[(int) Math.min(8192, Math.max(n, 1))];
                long done = 0;
                while (done < n) {
                    int r = read(scratch, 0, (int) Math.min(scratch.length, n - done));
                    if (r < 0) {
                        break;
                    }
                    done += r;
                }
                return done;
            }
        };
    }
}
