package io.whittle.xray.scan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.whittle.oci.Digest;
import io.whittle.xray.tar.TarAnomaly;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * Layer scans kept as one file per layer digest and scanner fingerprint in a directory. The file is compact
 * binary (paths share their prefix with the entry before, numbers are variable length) with evidence as JSON,
 * and ends with a CRC-32 of everything before it. A file that cannot be read back whole and exactly is a miss,
 * and is deleted.
 */
public final class DirectoryLayerCache implements LayerCache {
    private static final int MAGIC = 0x57584c53; // "WXLS"
    private static final int VERSION = 1;
    /** Far above a scan of millions of entries; guards the read of a file that is not one of ours. */
    private static final long MAX_FILE = 1L << 30;
    private static final LayerEntry.Kind[] KINDS = LayerEntry.Kind.values();
    private static final TarAnomaly.Kind[] ANOMALIES = TarAnomaly.Kind.values();
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module());

    private final Path dir;

    public DirectoryLayerCache(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** Where the scan of {@code layer} made with scanners of {@code fingerprint} is kept. */
    Path file(Digest layer, String fingerprint) {
        byte[] fp = Digest.sha256(fingerprint.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 16)
                .getBytes(StandardCharsets.US_ASCII);
        return dir.resolve(layer.algorithm().prefix() + "-" + layer.hex() + "-" + new String(fp,
                StandardCharsets.US_ASCII) + ".scan");
    }

    @Override
    public Optional<LayerScan> get(Digest layer, String fingerprint) {
        Path file = file(layer, fingerprint);
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE) {
                Files.deleteIfExists(file); // nothing this cache writes is that big
                return Optional.empty();
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return Optional.empty(); // missing, or unreadable now: either way a miss
        }
        try {
            LayerScan scan = decode(bytes, fingerprint);
            if (!scan.digest().equals(layer)) {
                throw new IOException("cache file holds another layer");
            }
            return Optional.of(scan);
        } catch (IOException | RuntimeException e) {
            // Unreadable: a partial write from an older version, a flipped bit, or a file changed by hand.
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the next put replaces it anyway
            }
            return Optional.empty();
        }
    }

    @Override
    public void put(LayerScan scan, String fingerprint) throws IOException {
        Files.createDirectories(dir);
        Path target = file(scan.digest(), fingerprint);
        Path tmp = Files.createTempFile(dir, ".tmp-", ".scan");
        try {
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                CheckedOutputStream checked = new CheckedOutputStream(raw, new CRC32());
                // Buffered before the checksum: the format writes byte by byte, and the CRC is cheap per chunk only.
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(checked, 1 << 16));
                encode(scan, fingerprint, out);
                out.flush();
                new DataOutputStream(raw).writeLong(checked.getChecksum().getValue());
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ---- format -----------------------------------------------------------------------------------------

    private static void encode(LayerScan scan, String fingerprint, DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        string(out, fingerprint);
        string(out, scan.digest().toString());
        string(out, scan.diffId().toString());
        string(out, scan.mediaType());
        varLong(out, scan.compressedSize());
        varLong(out, scan.tarBytes());
        varLong(out, scan.contentBytes());
        varLong(out, scan.entries().size());
        byte[] previous = new byte[0];
        for (LayerEntry e : scan.entries()) {
            out.writeByte(e.kind().ordinal());
            byte[] path = e.path().getBytes(StandardCharsets.UTF_8);
            int common = commonPrefix(previous, path);
            varLong(out, common);
            varLong(out, path.length - common);
            out.write(path, common, path.length - common);
            previous = path;
            varLong(out, e.size());
            varLong(out, e.mode());
            varLong(out, e.uid());
            varLong(out, e.gid());
            string(out, e.linkTarget());
            if (e.kind() == LayerEntry.Kind.FILE) {
                out.writeLong(e.contentKey());
            }
        }
        varLong(out, scan.evidence().size());
        for (Evidence ev : scan.evidence()) {
            string(out, tag(ev));
            bytes(out, JSON.writeValueAsBytes(ev));
        }
        varLong(out, scan.anomalies().size());
        for (TarAnomaly a : scan.anomalies()) {
            out.writeByte(a.kind().ordinal());
            string(out, a.path());
            string(out, a.message());
        }
    }

    private static LayerScan decode(byte[] bytes, String fingerprint) throws IOException {
        if (bytes.length < 16) {
            throw new EOFException("cache file too short");
        }
        int bodyLength = bytes.length - Long.BYTES;
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bodyLength);
        if (crc.getValue() != ByteBuffer.wrap(bytes, bodyLength, Long.BYTES).getLong()) {
            throw new IOException("cache file checksum does not match");
        }
        ByteArrayInputStream body = new ByteArrayInputStream(bytes, 0, bodyLength);
        DataInputStream in = new DataInputStream(body);
        if (in.readInt() != MAGIC || in.readInt() != VERSION || !string(in).equals(fingerprint)) {
            throw new IOException("cache file of another format or fingerprint");
        }
        Digest digest = Digest.parse(string(in));
        Digest diffId = Digest.parse(string(in));
        String mediaType = string(in);
        long compressedSize = varLong(in);
        long tarBytes = varLong(in);
        long contentBytes = varLong(in);
        int count = count(in, bodyLength);
        List<LayerEntry> entries = new ArrayList<>(count);
        byte[] previous = new byte[0];
        for (int i = 0; i < count; i++) {
            LayerEntry.Kind kind = KINDS[in.readUnsignedByte()];
            int common = count(in, previous.length);
            int rest = count(in, bodyLength);
            byte[] path = new byte[common + rest];
            System.arraycopy(previous, 0, path, 0, common);
            in.readFully(path, common, rest);
            previous = path;
            long size = varLong(in);
            int mode = (int) varLong(in);
            long uid = varLong(in);
            long gid = varLong(in);
            String link = string(in);
            long key = kind == LayerEntry.Kind.FILE ? in.readLong() : 0;
            entries.add(new LayerEntry(new String(path, StandardCharsets.UTF_8), kind, size, mode, uid, gid, link,
                    key));
        }
        int evidenceCount = count(in, bodyLength);
        List<Evidence> evidence = new ArrayList<>(evidenceCount);
        for (int i = 0; i < evidenceCount; i++) {
            String tag = string(in);
            evidence.add(JSON.readValue(bytes(in), type(tag)));
        }
        int anomalyCount = count(in, bodyLength);
        List<TarAnomaly> anomalies = new ArrayList<>(anomalyCount);
        for (int i = 0; i < anomalyCount; i++) {
            anomalies.add(new TarAnomaly(ANOMALIES[in.readUnsignedByte()], string(in), string(in)));
        }
        if (body.available() != 0) {
            throw new IOException("cache file has trailing bytes");
        }
        return new LayerScan(digest, diffId, mediaType, compressedSize, tarBytes, contentBytes, entries, evidence,
                anomalies);
    }

    private static String tag(Evidence e) {
        return switch (e) {
            case Evidence.PackageFound p -> "package";
            case Evidence.OwnedFiles o -> "owned-files";
            case Evidence.OsFound o -> "os";
            case Evidence.FindingFound f -> "finding";
        };
    }

    private static Class<? extends Evidence> type(String tag) throws IOException {
        return switch (tag) {
            case "package" -> Evidence.PackageFound.class;
            case "owned-files" -> Evidence.OwnedFiles.class;
            case "os" -> Evidence.OsFound.class;
            case "finding" -> Evidence.FindingFound.class;
            default -> throw new IOException("unknown evidence type " + HexFormat.of().formatHex(
                    tag.getBytes(StandardCharsets.UTF_8)));
        };
    }

    private static int commonPrefix(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        int mismatch = java.util.Arrays.mismatch(a, 0, n, b, 0, n);
        return mismatch < 0 ? n : mismatch;
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        bytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        varLong(out, b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        return new String(bytes(in), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        byte[] b = new byte[count(in, in.available())];
        in.readFully(b);
        return b;
    }

    /** A length or count, which can never exceed what is left to read (a corrupt one must not allocate). */
    private static int count(DataInputStream in, int max) throws IOException {
        long n = varLong(in);
        if (n < 0 || n > max) {
            throw new IOException("cache file holds an impossible length " + n);
        }
        return (int) n;
    }

    /** Zig-zag varint, so that the odd negative value (uid -1 from a lenient tar) stays short too. */
    private static void varLong(DataOutputStream out, long v) throws IOException {
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7fL) != 0) {
            out.writeByte((int) ((z & 0x7f) | 0x80));
            z >>>= 7;
        }
        out.writeByte((int) z);
    }

    private static long varLong(DataInputStream in) throws IOException {
        long z = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            z |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (z >>> 1) ^ -(z & 1);
            }
        }
        throw new IOException("cache file holds an overlong number");
    }
}
