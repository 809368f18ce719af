package io.whittle.oci.layout;

import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.MediaType;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link OciLayoutTest}: writes a blob into a layout from a stream that trickles, so
 * the test can kill the process halfway through.
 */
public final class SlowBlobWriter {
    private SlowBlobWriter() {
    }

    public static void main(String[] args) throws Exception {
        OciLayout layout = OciLayout.create(Path.of(args[0]));
        Digest claimed = Digest.parse(args[1]);
        long size = Long.parseLong(args[2]);
        InputStream trickle = new InputStream() {
            long sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                if (sent >= size) {
                    return -1;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                int n = (int) Math.min(Math.min(len, 1024), size - sent);
                for (int i = 0; i < n; i++) {
                    b[off + i] = 'x';
                }
                sent += n;
                return n;
            }
        };
        System.out.println("writing");
        System.out.flush();
        layout.putBlob(Descriptor.of(MediaType.OCI_LAYER, claimed, size), trickle);
    }
}
