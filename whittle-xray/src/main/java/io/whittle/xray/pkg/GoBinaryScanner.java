package io.whittle.xray.pkg;

import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Go modules compiled into ELF executables, from the build info blob the Go linker writes (Go 1.18 and later):
 * at a 16-byte aligned offset, the magic {@code "\xff Go buildinf:"}, pointer size, flags (bit 1: strings
 * inline), padding to 32 bytes, then two varint-length strings: the Go version and the module information
 * ({@code path}, {@code mod}, {@code dep} and {@code =>} replacement lines); the standard library becomes a
 * package {@code stdlib} of the Go version. The binary streams past: only aligned
 * offsets are tested, and only the blob is kept.
 */
final class GoBinaryScanner implements ContentScanner {
    static final String TYPE = "golang";
    private static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
    private static final long MIN_SIZE = 64 * 1024;
    private static final long MAX_SIZE = 1024L * 1024 * 1024;
    private static final int MAX_BLOB = 256 * 1024;
    private static final int FLAG_INLINE = 2;

    @Override
    public FileConsumer open(FileInfo file) {
        return file.executable() && file.size() >= MIN_SIZE && file.size() <= MAX_SIZE ? new Binary(file.path())
                : null;
    }

    /** The build info of one Go binary. */
    record BuildInfo(String goVersion, String mainPath, List<String[]> modules) {
    }

    private static final class Binary implements FileConsumer {
        private final String path;
        private final byte[] head = new byte[4];
        // the bytes of the 16-byte block being filled when a chunk ends mid-block
        private final byte[] block = new byte[16];
        private long position;
        private boolean notElf;
        private ByteArrayOutputStream blob;
        private BuildInfo found;

        Binary(String path) {
            this.path = path;
        }

        @Override
        public void accept(byte[] buffer, int offset, int length) {
            if (notElf || found != null) {
                return;
            }
            int end = offset + length;
            int i = offset;
            while (i < end && !notElf && found == null) {
                if (blob != null) {
                    int take = Math.min(end - i, MAX_BLOB - blob.size());
                    blob.write(buffer, i, take);
                    i += take;
                    position += take;
                    if (blob.size() >= MAX_BLOB) {
                        complete();
                    }
                    continue;
                }
                int inBlock = (int) (position & 15);
                if (inBlock != 0 || end - i < 16) {
                    // fill the partial block byte by byte, then test it whole
                    block[inBlock] = buffer[i];
                    if (position < 4) {
                        head[(int) position] = buffer[i];
                        if (position == 3 && !elf()) {
                            notElf = true;
                        }
                    }
                    i++;
                    position++;
                    if ((position & 15) == 0 && matches(block, 0)) {
                        startBlob(block, 0, 16);
                    }
                    continue;
                }
                if (position == 0) {
                    System.arraycopy(buffer, i, head, 0, 4);
                    if (!elf()) {
                        notElf = true;
                        return;
                    }
                }
                // whole aligned blocks straight from the caller's buffer
                while (end - i >= 16) {
                    if (buffer[i] == (byte) 0xff && matches(buffer, i)) {
                        startBlob(buffer, i, 16);
                        i += 16;
                        position += 16;
                        break;
                    }
                    i += 16;
                    position += 16;
                }
            }
        }

        private boolean elf() {
            return head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
        }

        private static boolean matches(byte[] bytes, int at) {
            for (int k = 0; k < MAGIC.length; k++) {
                if (bytes[at + k] != MAGIC[k]) {
                    return false;
                }
            }
            return true;
        }

        private void startBlob(byte[] bytes, int at, int length) {
            blob = new ByteArrayOutputStream(4096);
            blob.write(bytes, at, length);
        }

        /** The blob is collected: parse it, or go back to looking when the magic was a false alarm. */
        private void complete() {
            byte[] bytes = blob.toByteArray();
            blob = null;
            Optional<BuildInfo> info = parse(bytes);
            if (info.isPresent()) {
                found = info.get();
            }
            // a false alarm: the rest of the binary is still scanned; the bytes already taken are not looked at
            // again (a real blob inside them would need the magic twice within 256 KiB, which linkers do not emit)
        }

        @Override
        public void finish(EvidenceSink sink) {
            if (blob != null) {
                complete();
            }
            if (found == null) {
                return;
            }
            // the standard library compiled in, as other tools report it: version "go1.22.1", purl version "1.22.1"
            String go = found.goVersion().split("[ \\t]")[0];
            sink.add(new Evidence.PackageFound(path, new Package(TYPE, "stdlib", go,
                    Purls.of(TYPE, null, "stdlib", go.substring(2)), List.of("BSD-3-Clause"), path, List.of())));
            for (String[] module : found.modules()) {
                // the purl namespace is the module path up to its last segment
                int slash = module[0].lastIndexOf('/');
                String purl = Purls.of(TYPE, slash < 0 ? null : module[0].substring(0, slash),
                        module[0].substring(slash + 1), module[1]);
                sink.add(new Evidence.PackageFound(path, new Package(TYPE, module[0], module[1], purl, List.of(),
                        path, List.of())));
            }
        }
    }

    /** Parses a blob that starts at the magic; empty when it is not a Go 1.18+ build info blob. */
    static Optional<BuildInfo> parse(byte[] bytes) {
        if (bytes.length < 32 || (bytes[15] & FLAG_INLINE) == 0) {
            return Optional.empty();
        }
        int[] at = {32};
        Optional<String> version = string(bytes, at);
        Optional<String> modinfo = version.flatMap(v -> string(bytes, at));
        if (version.isEmpty() || !version.get().startsWith("go") || modinfo.isEmpty()) {
            return Optional.empty();
        }
        String info = modinfo.get();
        // the module text is framed by 16-byte sentinels
        if (info.length() >= 33 && info.charAt(info.length() - 17) == '\n') {
            info = info.substring(16, info.length() - 16);
        }
        String mainPath = "";
        List<String[]> modules = new ArrayList<>();
        for (String line : info.split("\n")) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "path" -> mainPath = f.length > 1 ? f[1] : "";
                case "mod", "dep" -> {
                    if (f.length >= 3) {
                        modules.add(new String[] {f[1], f[2]});
                    }
                }
                case "=>" -> {
                    if (f.length >= 3 && !modules.isEmpty()) {
                        // a local directory replacement keeps the module's own path
                        boolean local = f[1].startsWith(".") || f[1].startsWith("/");
                        String module = local ? modules.getLast()[0] : f[1];
                        modules.set(modules.size() - 1, new String[] {module, f[2]});
                    }
                }
                default -> {
                }
            }
        }
        return Optional.of(new BuildInfo(version.get(), mainPath, modules));
    }

    private static Optional<String> string(byte[] bytes, int[] at) {
        long length = 0;
        int shift = 0;
        while (true) {
            if (at[0] >= bytes.length || shift > 35) {
                return Optional.empty();
            }
            int b = bytes[at[0]++] & 0xff;
            length |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
        }
        if (length > bytes.length - at[0]) {
            return Optional.empty();
        }
        String s = new String(bytes, at[0], (int) length, StandardCharsets.UTF_8);
        at[0] += (int) length;
        return Optional.of(s);
    }
}
