package io.whittle.xray.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.oci.MediaType;
import io.whittle.xray.finding.Finding;
import io.whittle.xray.finding.Severity;
import io.whittle.xray.tar.LayerException;
import io.whittle.xray.tar.RawTar;
import io.whittle.xray.tar.TarAnomaly;
import io.whittle.xray.tar.TarLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class LayerScannerTest {

    private static LayerScan scan(byte[] tar, ContentScanner... scanners) throws IOException {
        return new LayerScanner(TarLimits.DEFAULTS, List.of(scanners))
                .scan(BytesLayer.of(MediaType.OCI_LAYER_GZIP, RawTar.gzip(tar), tar));
    }

    private static LayerEntry entry(LayerScan scan, LayerEntry.Kind kind, String path) {
        return scan.entries().stream().filter(e -> e.kind() == kind && e.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + path + " in " + scan.entries()));
    }

    @Test
    void whiteoutsAndOpaqueMarkersAreRecognised() throws IOException {
        LayerScan s = scan(new RawTar().dir("a").file("a/.wh.b", "").file("a/.wh..wh..opq", "")
                .file(".wh.", "").file("dne/../.wh.x", "").file("a/.wh..wh.plnk", "").file(".wh..wh..opq", "")
                .file("a/.wh..", "").bytes());
        assertThat(s.entries()).extracting(LayerEntry::kind, LayerEntry::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LayerEntry.Kind.DIRECTORY, "a"),
                org.assertj.core.groups.Tuple.tuple(LayerEntry.Kind.WHITEOUT, "a/b"),
                org.assertj.core.groups.Tuple.tuple(LayerEntry.Kind.OPAQUE, "a"),
                org.assertj.core.groups.Tuple.tuple(LayerEntry.Kind.WHITEOUT, "x"),
                org.assertj.core.groups.Tuple.tuple(LayerEntry.Kind.OPAQUE, ""));
        assertThat(s.anomalies()).extracting(TarAnomaly::kind).containsExactly(TarAnomaly.Kind.INVALID_WHITEOUT,
                TarAnomaly.Kind.INVALID_WHITEOUT);
        assertThat(entry(s, LayerEntry.Kind.WHITEOUT, "a/b").contentKey()).isZero();
    }

    @Test
    void repeatedPathIsKeptAtItsLastOccurrence() throws IOException {
        LayerScan s = scan(new RawTar().file("x", "first").file("y", "y").file("x", "second!").dir("d")
                .file("d", "now a file").bytes());
        assertThat(s.entries()).extracting(LayerEntry::path).containsExactly("y", "x", "d");
        assertThat(entry(s, LayerEntry.Kind.FILE, "x").size()).isEqualTo(7);
        assertThat(entry(s, LayerEntry.Kind.FILE, "x").contentKey()).isEqualTo(key("second!"));
        // dive's layer size counts every header, repeats included
        assertThat(s.contentBytes()).isEqualTo(5 + 1 + 7 + 10);
    }

    @Test
    void contentKeysAreCrc32cAndCrc32AndEqualForEqualContent() throws IOException {
        byte[] big = new byte[1_000_000];
        new java.util.Random(5).nextBytes(big);
        LayerScan s = scan(new RawTar().file("a", big).file("b", big).file("c", "small").file("empty", "").bytes());
        long a = entry(s, LayerEntry.Kind.FILE, "a").contentKey();
        assertThat(a).isEqualTo(entry(s, LayerEntry.Kind.FILE, "b").contentKey()).isEqualTo(key(big));
        assertThat(entry(s, LayerEntry.Kind.FILE, "c").contentKey()).isEqualTo(key("small")).isNotEqualTo(a);
        assertThat(entry(s, LayerEntry.Kind.FILE, "empty").contentKey()).isZero();
    }

    @Test
    void scannersGetExactBytesAndFinishWithEvidence() throws IOException {
        byte[] big = new byte[700_000];
        new java.util.Random(9).nextBytes(big);
        Map<String, byte[]> seen = new ConcurrentHashMap<>();
        ContentScanner txt = file -> file.path().endsWith(".bin") || file.path().endsWith(".txt")
                ? new FileConsumer() {
                    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

                    @Override
                    public void accept(byte[] buffer, int offset, int length) {
                        bytes.write(buffer, offset, length);
                    }

                    @Override
                    public void finish(EvidenceSink sink) {
                        seen.put(file.path(), bytes.toByteArray());
                        sink.add(new Evidence.FindingFound(file.path(), new Finding("seen", Severity.INFO,
                                "/" + file.path(), "seen " + bytes.size() + " bytes")));
                    }
                }
                : null;
        ContentScanner broken = file -> new FileConsumer() {
            @Override
            public void accept(byte[] buffer, int offset, int length) throws IOException {
                throw new IOException("this scanner cannot read anything");
            }

            @Override
            public void finish(EvidenceSink sink) {
                sink.add(new Evidence.FindingFound(file.path(), new Finding("never", Severity.HIGH, "/x", "never")));
            }
        };
        LayerScan s = scan(new RawTar().file("data/big.bin", big).file("notes.txt", "hello").file("skip.me", "no")
                .file("notes.txt", "hello again").bytes(), txt, broken);
        assertThat(seen.get("data/big.bin")).isEqualTo(big);
        assertThat(seen.get("notes.txt")).isEqualTo("hello again".getBytes(StandardCharsets.UTF_8));
        assertThat(seen).doesNotContainKey("skip.me");
        // Evidence of the overwritten notes.txt is gone; the broken scanner found nothing.
        assertThat(s.evidence()).extracting(e -> ((Evidence.FindingFound) e).finding().message())
                .containsExactly("seen 700000 bytes", "seen 11 bytes");
    }

    @Test
    void consumersAreAbandonedWhenTheLayerFails() {
        byte[] big = new byte[400_000];
        new java.util.Random(2).nextBytes(big);
        byte[] tar = new RawTar().file("ok.txt", "fine").file("cut.bin", big).bytes();
        byte[] gz = RawTar.gzip(tar);
        byte[] cut = Arrays.copyOf(gz, gz.length - 300_000);
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        ContentScanner tracking = file -> new FileConsumer() {
            @Override
            public void accept(byte[] buffer, int offset, int length) {
            }

            @Override
            public void finish(EvidenceSink sink) {
                events.add("finish " + file.path());
            }

            @Override
            public void abandon() {
                events.add("abandon " + file.path());
            }
        };
        LayerScanner scanner = new LayerScanner(TarLimits.DEFAULTS, List.of(tracking));
        // The descriptor describes the cut blob, so only the tar itself is found damaged.
        assertThatThrownBy(() -> scanner.scan(BytesLayer.of(MediaType.OCI_LAYER_GZIP, cut, tar)))
                .isInstanceOfSatisfying(LayerException.class,
                        e -> assertThat(e.kind()).isEqualTo(LayerException.Kind.CORRUPT));
        assertThat(events).containsExactly("finish ok.txt", "abandon cut.bin");
    }

    @Test
    void aBlobThatFailsItsDigestReportsThatNotACorruptTar() {
        byte[] tar = new RawTar().file("a", "1").bytes();
        byte[] gz = RawTar.gzip(tar);
        byte[] other = RawTar.gzip(new RawTar().file("b", "2").bytes());
        BytesLayer lying = new BytesLayer(io.whittle.oci.Descriptor.of(MediaType.OCI_LAYER_GZIP,
                io.whittle.oci.Digest.sha256(gz), other.length), io.whittle.oci.Digest.sha256(tar), other,
                new java.util.concurrent.atomic.AtomicInteger());
        assertThatThrownBy(() -> new LayerScanner(TarLimits.DEFAULTS, List.of()).scan(lying))
                .isInstanceOf(io.whittle.oci.DigestMismatchException.class);
    }

    @Test
    void fingerprintNamesScannersAndVersions() {
        ContentScanner v1 = new Versioned(1);
        ContentScanner v2 = new Versioned(2);
        String a = new LayerScanner(TarLimits.DEFAULTS, List.of(v1)).fingerprint();
        assertThat(a).isEqualTo(new LayerScanner(TarLimits.DEFAULTS, List.of(new Versioned(1))).fingerprint())
                .contains(Versioned.class.getName())
                .isNotEqualTo(new LayerScanner(TarLimits.DEFAULTS, List.of(v2)).fingerprint())
                .isNotEqualTo(new LayerScanner(TarLimits.DEFAULTS, List.of()).fingerprint());
    }

    private record Versioned(int version) implements ContentScanner {
        @Override
        public FileConsumer open(FileInfo file) {
            return null;
        }
    }

    static long key(String s) {
        return key(s.getBytes(StandardCharsets.UTF_8));
    }

    static long key(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b);
        CRC32 d = new CRC32();
        d.update(b);
        return (c.getValue() << 32) | d.getValue();
    }
}
