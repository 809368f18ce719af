package io.whittle.xray.pkg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An rpm header blob as the package databases store it: index count and data length (big endian), the index
 * entries (tag, type, offset, count), then the data store. Only the tags a package record needs are read.
 */
record RpmHeader(String name, String version, String release, Optional<Integer> epoch, String arch,
                 Optional<String> license, Optional<String> sourceRpm, List<String> files) {

    static final int NAME = 1000;
    static final int VERSION = 1001;
    static final int RELEASE = 1002;
    static final int EPOCH = 1003;
    static final int LICENSE = 1014;
    static final int ARCH = 1022;
    static final int SOURCERPM = 1044;
    static final int DIRINDEXES = 1116;
    static final int BASENAMES = 1117;
    static final int DIRNAMES = 1118;

    private static final int TYPE_INT32 = 4;
    private static final int TYPE_STRING = 6;
    private static final int TYPE_STRING_ARRAY = 8;
    private static final int TYPE_I18NSTRING = 9;
    private static final int MAX_INDEX = 1 << 16;

    /** The header in {@code blob}, or empty when it is not one (too short, out-of-range offsets, no name). */
    static Optional<RpmHeader> parse(byte[] blob) {
        if (blob.length < 8) {
            return Optional.empty();
        }
        ByteBuffer buf = ByteBuffer.wrap(blob).order(ByteOrder.BIG_ENDIAN);
        int indexCount = buf.getInt(0);
        int dataLength = buf.getInt(4);
        long dataStart = 8L + 16L * indexCount;
        if (indexCount <= 0 || indexCount > MAX_INDEX || dataLength < 0 || dataStart + dataLength > blob.length) {
            return Optional.empty();
        }
        Map<Integer, Object> values = new HashMap<>();
        for (int i = 0; i < indexCount; i++) {
            int at = 8 + 16 * i;
            int tag = buf.getInt(at);
            int type = buf.getInt(at + 4);
            int offset = buf.getInt(at + 8);
            int count = buf.getInt(at + 12);
            if (!wanted(tag) || offset < 0 || offset >= dataLength || count < 0) {
                continue;
            }
            int start = (int) dataStart + offset;
            int end = (int) dataStart + dataLength;
            switch (type) {
                case TYPE_STRING, TYPE_I18NSTRING -> values.put(tag, strings(blob, start, end, 1).getFirst());
                case TYPE_STRING_ARRAY -> values.put(tag, strings(blob, start, end, count));
                case TYPE_INT32 -> {
                    if (start + 4L * count <= end) {
                        int[] ints = new int[count];
                        for (int k = 0; k < count; k++) {
                            ints[k] = buf.getInt(start + 4 * k);
                        }
                        values.put(tag, ints);
                    }
                }
                default -> {
                }
            }
        }
        if (!(values.get(NAME) instanceof String name)) {
            return Optional.empty();
        }
        Optional<Integer> epoch = values.get(EPOCH) instanceof int[] e && e.length > 0 ? Optional.of(e[0])
                : Optional.empty();
        return Optional.of(new RpmHeader(name, text(values, VERSION), text(values, RELEASE), epoch, text(values, ARCH),
                optional(values, LICENSE), optional(values, SOURCERPM), files(values)));
    }

    private static boolean wanted(int tag) {
        return tag == NAME || tag == VERSION || tag == RELEASE || tag == EPOCH || tag == LICENSE || tag == ARCH
                || tag == SOURCERPM || tag == DIRINDEXES || tag == BASENAMES || tag == DIRNAMES;
    }

    /** {@code count} NUL-terminated strings from {@code start}, stopping at {@code end}. */
    private static List<String> strings(byte[] blob, int start, int end, int count) {
        List<String> out = new ArrayList<>(Math.min(count, 4096));
        int at = start;
        for (int i = 0; i < count && at < end; i++) {
            int nul = at;
            while (nul < end && blob[nul] != 0) {
                nul++;
            }
            out.add(new String(blob, at, nul - at, StandardCharsets.UTF_8));
            at = nul + 1;
        }
        if (out.isEmpty()) {
            out.add("");
        }
        return out;
    }

    private static String text(Map<Integer, Object> values, int tag) {
        return values.get(tag) instanceof String s ? s : "";
    }

    private static Optional<String> optional(Map<Integer, Object> values, int tag) {
        return Optional.of(text(values, tag)).filter(s -> !s.isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static List<String> files(Map<Integer, Object> values) {
        if (!(values.get(BASENAMES) instanceof List<?> base) || !(values.get(DIRNAMES) instanceof List<?> dirs)
                || !(values.get(DIRINDEXES) instanceof int[] index)) {
            return List.of();
        }
        List<String> basenames = (List<String>) base;
        List<String> dirnames = (List<String>) dirs;
        List<String> files = new ArrayList<>(basenames.size());
        for (int i = 0; i < basenames.size() && i < index.length; i++) {
            if (index[i] >= 0 && index[i] < dirnames.size()) {
                files.add(Paths.clean(dirnames.get(index[i]) + basenames.get(i)));
            }
        }
        return files;
    }

    /** version-release, as rpm prints it and the purl wants it. */
    String fullVersion() {
        return release.isEmpty() ? version : version + "-" + release;
    }
}
