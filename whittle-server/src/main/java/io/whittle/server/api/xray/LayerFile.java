package io.whittle.server.api.xray;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads one small file out of a layer blob for the explorer's preview: streams the blob (gzip, zstd or plain tar,
 * told by its first bytes), compares each entry's cleaned path with the one asked for, and stops at it, so only the
 * layer up to that entry is read. At most {@code max + 1} bytes of the file are kept; nothing is written anywhere.
 */
final class LayerFile {
    /** What the preview found: the file's bytes (at most {@code max + 1}) and its size, or that it is not a file. */
    sealed interface Found {
    }

    record Content(byte[] bytes, long size) implements Found {
    }

    /** The path is in the layer but is not a regular file (a link, directory, device, whiteout). */
    record NotAFile(String what) implements Found {
    }

    private LayerFile() {
    }

    /** The entry at {@code path} (cleaned, relative) of the layer {@code blob}; empty when the layer lacks it. */
    static Optional<Found> read(InputStream blob, String path, int max) throws IOException {
        InputStream tar = decompressed(new BufferedInputStream(blob, 65536));
        try (TarArchiveInputStream in = new TarArchiveInputStream(tar, StandardCharsets.UTF_8.name())) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (!clean(e.getName()).equals(path)) {
                    continue;
                }
                if (e.isSymbolicLink()) {
                    return Optional.of(new NotAFile("a symbolic link to " + e.getLinkName()));
                }
                if (e.isLink()) {
                    return Optional.of(new NotAFile("a hard link to /" + clean(e.getLinkName())));
                }
                if (!e.isFile()) {
                    return Optional.of(new NotAFile(e.isDirectory() ? "a directory" : "not a regular file"));
                }
                byte[] bytes = in.readNBytes((int) Math.min(e.getSize(), (long) max + 1));
                return Optional.of(new Content(bytes, e.getSize()));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code bytes} read as text: UTF-8 without NUL or other control bytes than tab, newline, return, form feed. */
    static boolean text(byte[] bytes) {
        for (byte b : bytes) {
            if ((b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1b) || b == 0x7f) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static InputStream decompressed(BufferedInputStream in) throws IOException {
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(in, 65536);
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f
                && (magic[3] & 0xff) == 0xfd) {
            return new ZstdInputStream(in);
        }
        return in;
    }

    /** A tar name as the engine's paths are: relative, no {@code .} or {@code ..} segments, no slashes at the ends. */
    static String clean(String name) {
        Deque<String> parts = new ArrayDeque<>();
        for (String s : name.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(s);
            }
        }
        return String.join("/", parts);
    }
}
