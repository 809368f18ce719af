package io.whittle.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The little of HTTP/1.1 framing the fault proxy needs: heads, and bodies by length, chunks or close. */
final class Http1 {
    static final int MAX_HEAD = 64 * 1024;

    private Http1() {
    }

    /** A request or response head: the first line and the headers in order. */
    static final class Head {
        String firstLine;
        final List<Map.Entry<String, String>> headers = new ArrayList<>();

        Optional<String> get(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
        }

        void remove(String name) {
            headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
        }

        /** Replaces every header of that name by one, where the first stood (or at the end). */
        void set(String name, String value) {
            int at = -1;
            for (int i = 0; i < headers.size(); i++) {
                if (headers.get(i).getKey().equalsIgnoreCase(name)) {
                    at = i;
                    break;
                }
            }
            remove(name);
            headers.add(at < 0 ? headers.size() : Math.min(at, headers.size()), Map.entry(name, value));
        }

        boolean chunked() {
            return get("Transfer-Encoding").map(v -> v.toLowerCase(java.util.Locale.ROOT).contains("chunked")).orElse(false);
        }

        long contentLength() {
            return get("Content-Length").map(v -> Long.parseLong(v.trim())).orElse(-1L);
        }

        byte[] bytes() {
            StringBuilder b = new StringBuilder(firstLine).append("\r\n");
            for (Map.Entry<String, String> h : headers) {
                b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
            return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /** Reads a head; empty at a clean end of stream before any byte. */
    static Optional<Head> readHead(InputStream in) throws IOException {
        String first = readLine(in, true);
        if (first == null) {
            return Optional.empty();
        }
        while (first.isEmpty()) { // tolerate stray CRLF between requests
            first = readLine(in, true);
            if (first == null) {
                return Optional.empty();
            }
        }
        Head head = new Head();
        head.firstLine = first;
        int total = first.length();
        String line;
        while (!(line = readLine(in, false)).isEmpty()) {
            total += line.length();
            if (total > MAX_HEAD) {
                throw new IOException("head over " + MAX_HEAD + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line '" + line + "'");
            }
            head.headers.add(Map.entry(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
        }
        return Optional.of(head);
    }

    /** A CRLF (or LF) terminated ISO-8859-1 line without its terminator; null at end of stream if allowed. */
    static String readLine(InputStream in, boolean eofAllowed) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
            if (b.size() > MAX_HEAD) {
                throw new IOException("line over " + MAX_HEAD + " bytes");
            }
        }
        if (eofAllowed && b.size() == 0) {
            return null;
        }
        throw new EOFException("connection closed in the middle of a line");
    }

    /** Copies exactly {@code length} bytes. */
    static void copyFixed(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException("body ended " + left + " bytes early");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    /** Copies a chunked body with its framing unchanged, trailers included. */
    static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = readLine(in, false);
            out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int semi = sizeLine.indexOf(';');
            long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in, false);
                    out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                } while (!trailer.isEmpty());
                return;
            }
            copyFixed(in, out, size);
            String crlf = readLine(in, false);
            if (!crlf.isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** Copies until the other side closes. */
    static void copyToEnd(InputStream in, OutputStream out) throws IOException {
        in.transferTo(out);
    }
}
