package io.whittle.xray.tar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.oci.Digest;
import io.whittle.oci.MediaType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class LayerReaderTest {
    private static final TarLimits SMALL = new TarLimits(8L << 20, 1000, 256, 64 << 10);

    private static LayerReadResult read(byte[] blob, String mediaType, TarLimits limits, Digest expected,
                                        TarVisitor visitor) throws IOException {
        return new LayerReader(limits).read(new ByteArrayInputStream(blob), mediaType, expected, visitor);
    }

    private static Recorder readTar(byte[] tar) throws IOException {
        Recorder r = new Recorder();
        LayerReadResult result = read(tar, MediaType.OCI_LAYER, TarLimits.DEFAULTS, Digest.sha256(tar), r);
        assertThat(result.diffId()).isEqualTo(Digest.sha256(tar));
        assertThat(result.tarBytes()).isEqualTo(tar.length);
        return r;
    }

    // ---- hostile names ------------------------------------------------------------------------------------

    @Test
    void traversalIsClampedAtTheRoot() throws IOException {
        Recorder r = readTar(new RawTar().file("../../etc/passwd", "x").file("a/../../b", "y")
                .file("a/./b/../c", "z").bytes());
        assertThat(r.paths()).containsExactly("etc/passwd", "b", "a/c");
        assertThat(r.kinds()).containsExactly(TarAnomaly.Kind.TRAVERSAL, TarAnomaly.Kind.TRAVERSAL);
        assertThat(r.anomalies.get(0).path()).isEqualTo("../../etc/passwd");
    }

    @Test
    void absoluteNamesAreMadeRelative() throws IOException {
        Recorder r = readTar(new RawTar().file("/etc/shadow", "x").file("//usr//bin/sh", "y").bytes());
        assertThat(r.paths()).containsExactly("etc/shadow", "usr/bin/sh");
        assertThat(r.kinds()).containsExactly(TarAnomaly.Kind.ABSOLUTE_PATH, TarAnomaly.Kind.ABSOLUTE_PATH);
    }

    @Test
    void backslashIsKeptAndReported() throws IOException {
        Recorder r = readTar(new RawTar().file("..\\..\\evil.exe", "x").bytes());
        assertThat(r.paths()).containsExactly("..\\..\\evil.exe");
        assertThat(r.kinds()).containsExactly(TarAnomaly.Kind.BACKSLASH);
    }

    @Test
    void emptyAndRootOnlyNamesAreDroppedButDotSlashIsQuiet() throws IOException {
        Recorder r = readTar(new RawTar().dir("./").dir(".").file("", "x").dir("/").file("a/..", "y")
                .file("kept", "z").bytes());
        assertThat(r.paths()).containsExactly("kept");
        assertThat(r.kinds()).containsExactly(TarAnomaly.Kind.EMPTY_NAME, TarAnomaly.Kind.ABSOLUTE_PATH,
                TarAnomaly.Kind.EMPTY_NAME, TarAnomaly.Kind.EMPTY_NAME);
    }

    @Test
    void symlinksNamedDotOrSlashAreDroppedOthersKeptAsStored() throws IOException {
        Recorder r = readTar(new RawTar().symlink(".", "/etc").symlink("/", "/tmp")
                .symlink("abs", "/etc/passwd").symlink("up", "../../../x").symlink("rel", "b/c").bytes());
        assertThat(r.paths()).containsExactly("abs", "up", "rel");
        assertThat(r.item("abs").linkTarget()).isEqualTo("/etc/passwd");
        assertThat(r.item("up").linkTarget()).isEqualTo("../../../x");
        assertThat(r.kinds()).containsExactly(TarAnomaly.Kind.ESCAPING_SYMLINK, TarAnomaly.Kind.ABSOLUTE_PATH,
                TarAnomaly.Kind.ESCAPING_SYMLINK);
    }

    @Test
    void hardLinksMustPointAtAnEarlierFileOfTheLayer() throws IOException {
        Recorder r = readTar(new RawTar().file("etc/passwd", "root").hardLink("good", "./etc/passwd")
                .hardLink("again", "good")
                .hardLink("outside", "../../etc/passwd").hardLink("self", "self").hardLink("missing", "nope")
                .hardLink("later", "late").file("late", "l").dir("d").hardLink("todir", "d").bytes());
        assertThat(r.paths()).containsExactly("etc/passwd", "good", "again", "late", "d");
        assertThat(r.item("good").type()).isEqualTo(EntryType.HARDLINK);
        assertThat(r.item("good").linkTarget()).isEqualTo("etc/passwd");
        assertThat(r.item("good").size()).isZero();
        assertThat(r.kinds()).containsOnly(TarAnomaly.Kind.BAD_HARDLINK).hasSize(5);
        assertThat(r.anomalies).extracting(TarAnomaly::path)
                .containsExactly("outside", "self", "missing", "later", "todir");
    }

    @Test
    void devicesAndFifosArePassedAndReported() throws IOException {
        Recorder r = readTar(new RawTar().entry("dev/null", '3', new byte[0], "", 0666, false)
                .entry("dev/sda", '4', new byte[0], "", 0660, false)
                .entry("run/fifo", '6', new byte[0], "", 0600, false).bytes());
        assertThat(r.items).extracting(TarItem::type)
                .containsExactly(EntryType.CHAR_DEVICE, EntryType.BLOCK_DEVICE, EntryType.FIFO);
        assertThat(r.kinds()).containsExactly(TarAnomaly.Kind.DEVICE, TarAnomaly.Kind.DEVICE, TarAnomaly.Kind.DEVICE);
    }

    @Test
    void unknownTypesAreSkipped() throws IOException {
        Recorder r = readTar(new RawTar().entry("odd", 'Q', "data".getBytes(StandardCharsets.UTF_8), "", 0644, false)
                .file("after", "ok").bytes());
        assertThat(r.paths()).containsExactly("after");
        assertThat(new String(r.contents.get("after"), StandardCharsets.UTF_8)).isEqualTo("ok");
        assertThat(r.kinds()).containsExactly(TarAnomaly.Kind.UNKNOWN_TYPE);
    }

    @Test
    void modeKeepsSetuidBits() throws IOException {
        Recorder r = readTar(new RawTar().entry("bin/su", '0', new byte[]{1}, "", 04755, false).bytes());
        assertThat(r.item("bin/su").mode()).isEqualTo(04755);
        assertThat(r.item("bin/su").uid()).isEqualTo(1000);
        assertThat(r.item("bin/su").mtime()).isEqualTo(1_700_000_000L);
    }

    // ---- limits -------------------------------------------------------------------------------------------

    @Test
    void hugePaxHeaderStopsAtTheHeaderLimit() {
        byte[] huge = RawTar.paxRecord("comment", "x".repeat(2 << 20)).getBytes(StandardCharsets.UTF_8);
        byte[] tar = new RawTar().pax('x', huge).file("f", "x").bytes();
        assertThatThrownBy(() -> read(tar, MediaType.OCI_LAYER, SMALL, null, new Recorder()))
                .isInstanceOfSatisfying(LayerException.class,
                        e -> assertThat(e.kind()).isEqualTo(LayerException.Kind.LIMIT))
                .hasMessageContaining("maxHeaderBytes");
    }

    @Test
    void chainOfSmallPaxHeadersStopsAtTheHeaderLimit() {
        RawTar t = new RawTar();
        byte[] rec = RawTar.paxRecord("comment", "y".repeat(400)).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 200; i++) {
            t.pax('x', rec);
        }
        byte[] tar = t.file("f", "x").bytes();
        assertThatThrownBy(() -> read(tar, MediaType.OCI_LAYER, SMALL, null, new Recorder()))
                .isInstanceOfSatisfying(LayerException.class,
                        e -> assertThat(e.kind()).isEqualTo(LayerException.Kind.LIMIT));
    }

    @Test
    void hugeGnuLongNameStopsAtTheHeaderLimit() {
        byte[] tar = new RawTar().gnuLongName("a/".repeat(100_000)).file("short", "x").bytes();
        // Paths may be long here: only the header bound can stop the name from being read into memory.
        TarLimits longPaths = new TarLimits(8L << 20, 1000, 1 << 24, 64 << 10);
        assertThatThrownBy(() -> read(tar, MediaType.OCI_LAYER, longPaths, null, new Recorder()))
                .isInstanceOfSatisfying(LayerException.class,
                        e -> assertThat(e.kind()).isEqualTo(LayerException.Kind.LIMIT));
    }

    @Test
    void gzipBombStopsQuicklyAtTheLayerLimit() throws IOException {
        // 256 MB of zeros inside one tar file entry, compressed to a few hundred KB.
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        long size = 256L << 20;
        try (GZIPOutputStream g = new GZIPOutputStream(b, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }; TarArchiveOutputStream t = new TarArchiveOutputStream(g)) {
            TarArchiveEntry e = new TarArchiveEntry("zeros");
            e.setSize(size);
            t.putArchiveEntry(e);
            byte[] zeros = new byte[1 << 20];
            for (long w = 0; w < size; w += zeros.length) {
                t.write(zeros);
            }
            t.closeArchiveEntry();
        }
        byte[] bomb = b.toByteArray();
        assertThat(bomb.length).isLessThan(2 << 20);
        long start = System.nanoTime();
        Recorder r = new Recorder(false);
        assertThatThrownBy(() -> read(bomb, MediaType.OCI_LAYER_GZIP, SMALL, null, r))
                .isInstanceOfSatisfying(LayerException.class,
                        e -> assertThat(e.kind()).isEqualTo(LayerException.Kind.LIMIT))
                .hasMessageContaining("maxLayerBytes");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
    }

    @Test
    void zeroFilledBombAfterTheEndOfArchiveIsAlsoBounded() {
        // All zeros: the tar ends at once, and the drain of the rest must stop at the limit too.
        byte[] bomb = gzipZeros(64L << 20);
        assertThatThrownBy(() -> read(bomb, MediaType.OCI_LAYER_GZIP, SMALL, null, new Recorder()))
                .isInstanceOfSatisfying(LayerException.class,
                        e -> assertThat(e.kind()).isEqualTo(LayerException.Kind.LIMIT));
    }

    @Test
    void entryCountIsLimited() throws IOException {
        RawTar t = new RawTar();
        for (int i = 0; i < 11; i++) {
            t.file("f" + i, "x");
        }
        TarLimits ten = new TarLimits(1 << 20, 10, 256, 4096);
        byte[] tar = t.bytes();
        assertThatThrownBy(() -> read(tar, MediaType.OCI_LAYER, ten, null, new Recorder()))
                .isInstanceOfSatisfying(LayerException.class,
                        e -> assertThat(e.kind()).isEqualTo(LayerException.Kind.LIMIT))
                .hasMessageContaining("maxEntries");
        TarLimits eleven = new TarLimits(1 << 20, 11, 256, 4096);
        assertThat(read(tar, MediaType.OCI_LAYER, eleven, null, new Recorder()).entries()).isEqualTo(11);
    }

    @Test
    void pathLengthIsLimited() {
        byte[] tar = new RawTar().gnuLongName("d/".repeat(150) + "f").file("ignored", "x").bytes();
        assertThatThrownBy(() -> read(tar, MediaType.OCI_LAYER, SMALL, null, new Recorder()))
                .isInstanceOfSatisfying(LayerException.class,
                        e -> assertThat(e.kind()).isEqualTo(LayerException.Kind.LIMIT))
                .hasMessageContaining("maxPathLength");
        byte[] link = new RawTar().entry("././@LongLink", 'K', ("x/".repeat(200) + "\0").getBytes(
                StandardCharsets.UTF_8), "", 0644, false).symlink("l", "ignored").bytes();
        assertThatThrownBy(() -> read(link, MediaType.OCI_LAYER, SMALL, null, new Recorder()))
                .isInstanceOfSatisfying(LayerException.class,
                        e -> assertThat(e.kind()).isEqualTo(LayerException.Kind.LIMIT));
    }

    // ---- legitimate oddities ------------------------------------------------------------------------------

    @Test
    void paxGlobalAndExtendedHeadersPass() throws IOException {
        byte[] global = RawTar.paxRecord("comment", "made by a test").getBytes(StandardCharsets.UTF_8);
        byte[] local = (RawTar.paxRecord("path", "very/long/" + "n".repeat(200))
                + RawTar.paxRecord("uid", "4242")).getBytes(StandardCharsets.UTF_8);
        Recorder r = readTar(new RawTar().pax('g', global).file("a", "1").pax('x', local).file("short", "2")
                .bytes());
        assertThat(r.paths()).containsExactly("a", "very/long/" + "n".repeat(200));
        assertThat(r.items.get(1).uid()).isEqualTo(4242);
        assertThat(r.anomalies).isEmpty();
    }

    @Test
    void gnuLongNamesAndLinksPass() throws IOException {
        String longName = "usr/share/" + "x".repeat(180) + "/file";
        String longTarget = "../" + "y".repeat(180);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(b)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            TarArchiveEntry f = new TarArchiveEntry(longName);
            f.setSize(3);
            t.putArchiveEntry(f);
            t.write("abc".getBytes(StandardCharsets.UTF_8));
            t.closeArchiveEntry();
            TarArchiveEntry l = new TarArchiveEntry("link", TarArchiveEntry.LF_SYMLINK);
            l.setLinkName(longTarget);
            t.putArchiveEntry(l);
            t.closeArchiveEntry();
        }
        Recorder r = readTar(b.toByteArray());
        assertThat(r.paths()).containsExactly(longName, "link");
        assertThat(r.item("link").linkTarget()).isEqualTo(longTarget);
        assertThat(r.contents.get(longName)).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void dotSlashEntriesAndBase256SizesPass() throws IOException {
        Recorder r = readTar(new RawTar().dir("./").dir("./etc/").file("./etc/hosts", "127.0.0.1 x\n")
                .entry("./big", '0', "base256".getBytes(StandardCharsets.UTF_8), "", 0644, true).bytes());
        assertThat(r.paths()).containsExactly("etc", "etc/hosts", "big");
        assertThat(r.item("etc").type()).isEqualTo(EntryType.DIRECTORY);
        assertThat(r.contents.get("big")).isEqualTo("base256".getBytes(StandardCharsets.UTF_8));
        assertThat(r.anomalies).isEmpty();
    }

    @Test
    void contentIsExactAndWhatAVisitorLeavesIsSkipped() throws IOException {
        byte[] big = new byte[300_000];
        new java.util.Random(7).nextBytes(big);
        byte[] tar = new RawTar().file("big", big).file("small", "s").file("big2", big).bytes();
        Recorder all = readTar(tar);
        assertThat(all.contents.get("big")).isEqualTo(big);
        assertThat(all.contents.get("big2")).isEqualTo(big);
        // A visitor that reads only 10 bytes of each file still sees every entry, and the diffID is unchanged.
        java.util.List<String> seen = new java.util.ArrayList<>();
        LayerReadResult res = read(tar, MediaType.OCI_LAYER, TarLimits.DEFAULTS, Digest.sha256(tar),
                (item, content) -> {
                    content.readNBytes(10);
                    seen.add(item.path());
                });
        assertThat(seen).containsExactly("big", "small", "big2");
        assertThat(res.entries()).isEqualTo(3);
    }

    @Test
    void contentReadAfterTheVisitorReturnedIsEmpty() throws IOException {
        InputStream[] kept = new InputStream[1];
        read(new RawTar().file("a", "aaaa").file("b", "bbbb").bytes(), MediaType.OCI_LAYER, TarLimits.DEFAULTS, null,
                (item, content) -> {
                    if (kept[0] == null) {
                        kept[0] = content;
                    }
                });
        assertThat(kept[0].read()).isEqualTo(-1);
    }

    // ---- media types and integrity ------------------------------------------------------------------------

    @Test
    void everyLayerMediaTypeIsRead() throws IOException {
        byte[] tar = new RawTar().dir("etc").file("etc/hello", "hi\n").bytes();
        byte[] gz = RawTar.gzip(tar);
        byte[] zst = RawTar.zstd(tar);
        Object[][] cases = {
            {MediaType.OCI_LAYER, tar}, {MediaType.OCI_LAYER_GZIP, gz}, {MediaType.OCI_LAYER_ZSTD, zst},
            {MediaType.DOCKER_LAYER, tar}, {MediaType.DOCKER_LAYER_GZIP, gz},
            {MediaType.OCI_LAYER_NONDISTRIBUTABLE, tar}, {MediaType.OCI_LAYER_NONDISTRIBUTABLE_GZIP, gz},
            {MediaType.OCI_LAYER_NONDISTRIBUTABLE_ZSTD, zst}, {MediaType.DOCKER_FOREIGN_LAYER_GZIP, gz},
            {"application/octet-stream", gz}, {"application/octet-stream", zst}, {"application/x-tar", tar},
        };
        for (Object[] c : cases) {
            Recorder r = new Recorder();
            LayerReadResult res = read((byte[]) c[1], (String) c[0], TarLimits.DEFAULTS, Digest.sha256(tar), r);
            assertThat(res.diffId()).as((String) c[0]).isEqualTo(Digest.sha256(tar));
            assertThat(r.paths()).as((String) c[0]).containsExactly("etc", "etc/hello");
            assertThat(r.contents.get("etc/hello")).isEqualTo("hi\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void multiMemberGzipAndTrailingPaddingAreHashed() throws IOException {
        byte[] tar = new RawTar().file("a", "1").bytes();
        byte[] padded = Arrays.copyOf(tar, tar.length + 10240); // zero blocks after the end, as tar -b20 writes
        byte[] half1 = Arrays.copyOfRange(padded, 0, 700);
        byte[] half2 = Arrays.copyOfRange(padded, 700, padded.length);
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.writeBytes(RawTar.gzip(half1));
        two.writeBytes(RawTar.gzip(half2));
        Recorder r = new Recorder();
        LayerReadResult res = read(two.toByteArray(), MediaType.OCI_LAYER_GZIP, TarLimits.DEFAULTS,
                Digest.sha256(padded), r);
        assertThat(res.tarBytes()).isEqualTo(padded.length);
        assertThat(r.paths()).containsExactly("a");
    }

    @Test
    void gzipMembersAreAllReadFromAStreamThatReportsNothingAvailable() throws IOException {
        byte[] tar = new RawTar().file("a", "first").file("b", "second").bytes();
        byte[] m1 = RawTar.gzip(Arrays.copyOfRange(tar, 0, 1024));
        byte[] m2 = RawTar.gzip(Arrays.copyOfRange(tar, 1024, tar.length));
        byte[] blob = new byte[m1.length + m2.length];
        System.arraycopy(m1, 0, blob, 0, m1.length);
        System.arraycopy(m2, 0, blob, m1.length, m2.length);
        // Like a network stream: says nothing is available, and the first read ends exactly with member one.
        InputStream network = new InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < blob.length ? blob[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= blob.length) {
                    return -1;
                }
                int end = pos < m1.length ? m1.length : blob.length;
                int n = Math.min(len, end - pos);
                System.arraycopy(blob, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        Recorder r = new Recorder();
        LayerReadResult res = new LayerReader(TarLimits.DEFAULTS).read(network, MediaType.OCI_LAYER_GZIP,
                Digest.sha256(tar), r);
        assertThat(r.paths()).containsExactly("a", "b");
        assertThat(res.tarBytes()).isEqualTo(tar.length);
    }

    @Test
    void diffIdMismatchIsCorrupt() {
        byte[] tar = new RawTar().file("a", "1").bytes();
        Digest wrong = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> read(RawTar.gzip(tar), MediaType.OCI_LAYER_GZIP, TarLimits.DEFAULTS, wrong,
                new Recorder()))
                .isInstanceOfSatisfying(LayerException.class,
                        e -> assertThat(e.kind()).isEqualTo(LayerException.Kind.CORRUPT))
                .hasMessageContaining(wrong.toString()).hasMessageContaining(Digest.sha256(tar).toString());
    }

    @Test
    void truncatedInputIsCorrupt() {
        byte[] big = new byte[100_000];
        new java.util.Random(1).nextBytes(big);
        byte[] tar = new RawTar().file("a", big).file("b", "x").bytes();
        byte[] gz = RawTar.gzip(tar);
        byte[][] truncated = {
            Arrays.copyOf(gz, gz.length / 2), Arrays.copyOf(gz, gz.length - 4), Arrays.copyOf(gz, 5),
        };
        for (byte[] t : truncated) {
            assertCorrupt(t, MediaType.OCI_LAYER_GZIP);
        }
        assertCorrupt(Arrays.copyOf(tar, 50_000), MediaType.OCI_LAYER); // inside content
        assertCorrupt(Arrays.copyOf(tar, 512 + 100_352 + 100), MediaType.OCI_LAYER); // inside a header
        byte[] odd = new RawTar().file("odd", new byte[100]).file("next", "x").bytes();
        assertCorrupt(Arrays.copyOf(odd, 512 + 100 + 10), MediaType.OCI_LAYER); // inside the padding
        byte[] zst = RawTar.zstd(tar);
        assertCorrupt(Arrays.copyOf(zst, zst.length / 2), MediaType.OCI_LAYER_ZSTD);
    }

    @Test
    void garbageIsCorrupt() {
        byte[] garbage = new byte[4096];
        new java.util.Random(3).nextBytes(garbage);
        garbage[0] = 'x';
        assertCorrupt(garbage, MediaType.OCI_LAYER_GZIP);
        assertCorrupt(garbage, MediaType.OCI_LAYER_ZSTD);
        assertCorrupt(garbage, MediaType.OCI_LAYER);
        assertCorrupt(garbage, "application/octet-stream");
        assertCorrupt("not a tar at all, just some text".repeat(20).getBytes(StandardCharsets.UTF_8),
                MediaType.DOCKER_LAYER);
    }

    @Test
    void bzip2IsUnsupported() {
        byte[] bz = "BZh91AY&SY".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> read(bz, "application/octet-stream", TarLimits.DEFAULTS, null, new Recorder()))
                .isInstanceOfSatisfying(LayerException.class,
                        e -> assertThat(e.kind()).isEqualTo(LayerException.Kind.UNSUPPORTED));
    }

    @Test
    void failuresOfTheBlobItselfReachTheCallerUnchanged() {
        byte[] gz = RawTar.gzip(new RawTar().file("a", new byte[200_000]).bytes());
        IOException network = new IOException("connection reset by peer");
        InputStream failing = new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos > 100) {
                    throw network;
                }
                int n = Math.min(len, 50);
                System.arraycopy(gz, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        assertThatThrownBy(() -> new LayerReader(TarLimits.DEFAULTS).read(failing, MediaType.OCI_LAYER_GZIP, null,
                new Recorder())).isSameAs(network);
    }

    @Test
    void visitorFailuresAreNotDisguised() {
        byte[] tar = new RawTar().file("a", "1").bytes();
        IllegalStateException boom = new IllegalStateException("visitor bug");
        assertThatThrownBy(() -> read(tar, MediaType.OCI_LAYER, TarLimits.DEFAULTS, null, (i, c) -> {
            throw boom;
        })).isSameAs(boom);
    }

    @Test
    void realGnuTarArchivesPass(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path root = dir.resolve("root");
        java.nio.file.Files.createDirectories(root.resolve("usr/" + "d".repeat(120)));
        java.nio.file.Files.writeString(root.resolve("usr/" + "d".repeat(120) + "/" + "f".repeat(120)), "long\n");
        java.nio.file.Files.createSymbolicLink(root.resolve("usr/link"), java.nio.file.Path.of("/etc/hostname"));
        java.nio.file.Files.createLink(root.resolve("usr/hard"), root.resolve("usr/" + "d".repeat(120) + "/"
                + "f".repeat(120)));
        for (String format : new String[]{"gnu", "pax"}) {
            java.nio.file.Path out = dir.resolve(format + ".tar");
            // GNU tar puts keyword=value pax options in a global header at the start of the archive.
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("tar", "--format=" + format,
                    "-cf", out.toString(), "-C", root.toString(), "."));
            if (format.equals("pax")) {
                cmd.add(2, "--pax-option=comment=global-header-from-gnu-tar");
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(log).isZero();
            Recorder r = readTar(java.nio.file.Files.readAllBytes(out));
            assertThat(r.paths()).as(format).contains("usr", "usr/link", "usr/" + "d".repeat(120) + "/"
                    + "f".repeat(120));
            assertThat(r.anomalies).as(format).isEmpty();
            TarItem hard = r.items.stream().filter(i -> i.type() == EntryType.HARDLINK).findFirst().orElseThrow();
            assertThat(hard.linkTarget()).isIn("usr/hard", "usr/" + "d".repeat(120) + "/" + "f".repeat(120));
            assertThat(r.item("usr/link").linkTarget()).isEqualTo("/etc/hostname");
        }
    }

    @Test
    void sparseFilesFromGnuTarPassWithTheirRealSize(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path root = java.nio.file.Files.createDirectory(dir.resolve("root"));
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(root.resolve("sparse").toFile(), "rw")) {
            f.seek(1 << 20);
            f.write("middle".getBytes(StandardCharsets.UTF_8));
            f.setLength(3 << 20);
        }
        byte[] expected = java.nio.file.Files.readAllBytes(root.resolve("sparse"));
        for (String format : new String[]{"gnu", "pax"}) {
            java.nio.file.Path out = dir.resolve(format + ".tar");
            Process p = new ProcessBuilder("tar", "--format=" + format, "-S", "-cf", out.toString(), "-C",
                    root.toString(), "sparse").redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(log).isZero();
            byte[] tar = java.nio.file.Files.readAllBytes(out);
            assertThat(tar.length).as(format).isLessThan(expected.length);
            Recorder r = readTar(tar);
            assertThat(r.item("sparse").size()).as(format).isEqualTo(3 << 20);
            assertThat(r.contents.get("sparse")).as(format).isEqualTo(expected);
        }
    }

    @Test
    void listsWhatGnuTarListsForASystemTree(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path out = dir.resolve("zoneinfo.tar");
        Process p = new ProcessBuilder("tar", "--format=gnu", "-cf", out.toString(), "-C", "/usr/share",
                "zoneinfo").redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(log).isZero();
        Process list = new ProcessBuilder("tar", "-tvf", out.toString()).start();
        java.util.List<String> expected = new java.util.ArrayList<>();
        for (String line : new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            // -rw-r--r-- root/root  2845 2024-01-01 00:00 zoneinfo/Europe/Paris
            String[] f = line.trim().split("\\s+", 6);
            String name = f[5].replaceFirst(" (->|link to) .*$", "").replaceFirst("/$", "");
            char type = f[0].charAt(0);
            long size = type == '-' && !f[5].contains(" link to ") ? Long.parseLong(f[2]) : 0;
            expected.add(name + " " + size);
        }
        assertThat(list.waitFor()).isZero();
        assertThat(expected).hasSizeGreaterThan(100);
        Recorder r = readTar(java.nio.file.Files.readAllBytes(out));
        assertThat(r.items).extracting(i -> i.path() + " " + i.size()).containsExactlyElementsOf(expected);
        assertThat(r.anomalies).isEmpty();
    }

    private static void assertCorrupt(byte[] blob, String mediaType) {
        assertThatThrownBy(() -> read(blob, mediaType, TarLimits.DEFAULTS, null, new Recorder()))
                .as(mediaType + " " + blob.length)
                .isInstanceOfSatisfying(LayerException.class,
                        e -> assertThat(e.kind()).isEqualTo(LayerException.Kind.CORRUPT))
                .satisfies(e -> assertThat(e.getMessage()).endsWith("."));
    }

    private static byte[] gzipZeros(long size) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b, 1 << 16)) {
            byte[] zeros = new byte[1 << 20];
            for (long w = 0; w < size; w += zeros.length) {
                g.write(zeros);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return b.toByteArray();
    }
}
