package io.whittle.xray.scan;

import io.whittle.oci.MediaType;
import io.whittle.xray.tar.LayerException;
import io.whittle.xray.tar.RawTar;
import io.whittle.xray.tar.TarLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Run in a child JVM whose temporary directory and working directory are empty: scans hostile layers with a
 * scanner that spools every file to disk, and prints what happened. The parent checks both directories are
 * empty afterwards.
 */
public final class HostileScanChild {
    private HostileScanChild() {
    }

    public static void main(String[] args) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        AtomicInteger spooledToDisk = new AtomicInteger();
        ContentScanner spooling = file -> new FileConsumer() {
            private final Spool spool = new Spool(16, 1 << 20);

            @Override
            public void accept(byte[] buffer, int offset, int length) throws IOException {
                spool.write(buffer, offset, length);
                try (Stream<Path> s = Files.list(tmp)) {
                    if (s.findAny().isPresent()) {
                        spooledToDisk.incrementAndGet();
                    }
                }
            }

            @Override
            public void finish(EvidenceSink sink) {
                spool.close();
            }

            @Override
            public void abandon() {
                spool.close();
            }
        };
        byte[] payload = "#!/bin/sh\necho pwned\n".repeat(50).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] hostile = new RawTar()
                .file("../../../../tmp/evil", payload).file("/etc/cron.d/evil", payload)
                .symlink(".", "/").symlink("escape", "../../../../").file("escape/through-link", payload)
                .hardLink("hl", "../../../etc/shadow").hardLink("self", "self")
                .entry("dev/evil", '3', new byte[0], "", 0666, false)
                .entry("fifo", '6', new byte[0], "", 0666, false)
                .file("..\\..\\win", payload).file("", payload)
                .file(".wh.", "").file("dne/../.wh.x", "").file("../.wh.etc", "")
                .bytes();
        LayerScanner scanner = new LayerScanner(TarLimits.DEFAULTS, List.of(spooling));
        LayerScan scan = scanner.scan(BytesLayer.of(MediaType.OCI_LAYER_GZIP, RawTar.gzip(hostile), hostile));
        System.out.println("entries=" + scan.entries().size() + " anomalies=" + scan.anomalies().size());
        byte[] gz = RawTar.gzip(hostile);
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        try {
            scanner.scan(BytesLayer.of(MediaType.OCI_LAYER_GZIP, cut, hostile));
            System.out.println("cut=accepted");
        } catch (LayerException e) {
            System.out.println("cut=" + e.kind());
        }
        System.out.println("spooledToDisk=" + (spooledToDisk.get() > 0));
    }
}
