package io.whittle.xray.tar;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.whittle.oci.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.GZIPInputStream;

/**
 * Opens the decompressed tar of a layer blob, as its media type says or, for a type Whittle does not know, as
 * its first bytes say.
 */
final class Decompression {
    private static final int BUFFER = 1 << 16;

    private Decompression() {
    }

    enum Codec {
        GZIP, ZSTD, NONE
    }

    /** The codec a media type names, or null when the type is not a layer type Whittle knows. */
    static Codec declared(String mediaType) {
        if (mediaType == null || !MediaType.isLayer(mediaType)) {
            return null;
        }
        if (mediaType.endsWith("+gzip") || mediaType.endsWith(".tar.gzip")) {
            return Codec.GZIP;
        }
        if (mediaType.endsWith("+zstd")) {
            return Codec.ZSTD;
        }
        if (mediaType.endsWith(".tar") || mediaType.endsWith(".diff.tar")) {
            return Codec.NONE;
        }
        return null;
    }

    static InputStream open(InputStream blob, String mediaType) throws IOException {
        Codec codec = declared(mediaType);
        InputStream in = blob;
        if (codec == null) {
            PushbackInputStream peek = new PushbackInputStream(blob, 6);
            byte[] head = new byte[6];
            int n = 0;
            while (n < head.length) {
                int r = peek.read(head, n, head.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            peek.unread(head, 0, n);
            codec = sniff(head, n, mediaType);
            in = peek;
        }
        return switch (codec) {
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case ZSTD -> new ZstdInputStreamNoFinalizer(in);
            case NONE -> in;
        };
    }

    private static Codec sniff(byte[] h, int n, String mediaType) throws LayerException {
        if (n >= 2 && (h[0] & 0xff) == 0x1f && (h[1] & 0xff) == 0x8b) {
            return Codec.GZIP;
        }
        if (n >= 4 && (h[0] & 0xff) == 0x28 && (h[1] & 0xff) == 0xb5 && (h[2] & 0xff) == 0x2f
                && (h[3] & 0xff) == 0xfd) {
            return Codec.ZSTD;
        }
        if ((n >= 3 && h[0] == 'B' && h[1] == 'Z' && h[2] == 'h')
                || (n >= 6 && (h[0] & 0xff) == 0xfd && h[1] == '7' && h[2] == 'z' && h[3] == 'X' && h[4] == 'Z'
                && h[5] == 0)) {
            throw new LayerException(LayerException.Kind.UNSUPPORTED, "The layer of media type '" + mediaType
                    + "' is compressed with bzip2 or xz, which image layers may not use: rebuild it with gzip or"
                    + " zstd.");
        }
        return Codec.NONE;
    }
}
