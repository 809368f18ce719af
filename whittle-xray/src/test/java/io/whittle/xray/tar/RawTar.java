package io.whittle.xray.tar;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * Writes tar bytes header by header, exactly as told: hostile names, unknown types, PAX and GNU records of any
 * size, base-256 numbers. Tests use it where a well-behaved tar writer would refuse or repair the input.
 */
public final class RawTar {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public RawTar file(String name, String content) {
        return entry(name, '0', content.getBytes(StandardCharsets.UTF_8), "", 0644, false);
    }

    public RawTar file(String name, byte[] content) {
        return entry(name, '0', content, "", 0644, false);
    }

    public RawTar dir(String name) {
        return entry(name, '5', new byte[0], "", 0755, false);
    }

    public RawTar symlink(String name, String target) {
        return entry(name, '2', new byte[0], target, 0777, false);
    }

    public RawTar hardLink(String name, String target) {
        return entry(name, '1', new byte[0], target, 0644, false);
    }

    /** A PAX extended ('x') or global ('g') header with these raw records, e.g. {@code "30 comment=...\n"}. */
    public RawTar pax(char type, byte[] records) {
        return entry("PaxHeaders/x", type, records, "", 0644, false);
    }

    /** A PAX record: the length prefix counts itself. */
    public static String paxRecord(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int len = body.length() + 1;
        while (String.valueOf(len).length() + body.length() != len) {
            len++;
        }
        return len + body;
    }

    /** A GNU long-name ('L') record followed by nothing: the next entry takes the name. */
    public RawTar gnuLongName(String name) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
        return entry("././@LongLink", 'L', n, "", 0644, false);
    }

    /** Any entry, with the size written in base-256 when asked. */
    public RawTar entry(String name, char type, byte[] content, String link, int mode, boolean base256Size) {
        byte[] h = new byte[512];
        put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 1000);
        octal(h, 116, 8, 1000);
        if (base256Size) {
            h[124] = (byte) 0x80;
            long size = content.length;
            for (int i = 135; i > 124; i--) {
                h[i] = (byte) (size & 0xff);
                size >>= 8;
            }
        } else {
            octal(h, 124, 12, content.length);
        }
        octal(h, 136, 12, 1_700_000_000L);
        h[156] = (byte) type;
        put(h, 157, 100, link.getBytes(StandardCharsets.UTF_8));
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        byte[] chk = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chk, 0, h, 148, 8);
        out.writeBytes(h);
        out.writeBytes(content);
        int pad = (512 - content.length % 512) % 512;
        out.writeBytes(new byte[pad]);
        return this;
    }

    /** The archive with its two end-of-archive records. */
    public byte[] bytes() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(new byte[1024]);
        return copy.toByteArray();
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    public static byte[] zstd(byte[] data) {
        return Zstd.compress(data);
    }

    private static void put(byte[] h, int off, int len, byte[] value) {
        System.arraycopy(value, 0, h, off, Math.min(len, value.length));
    }

    private static void octal(byte[] h, int off, int len, long value) {
        String s = String.format("%0" + (len - 1) + "o", value);
        put(h, off, len - 1, s.getBytes(StandardCharsets.US_ASCII));
    }
}
