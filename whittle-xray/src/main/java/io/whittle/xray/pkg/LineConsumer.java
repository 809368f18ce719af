package io.whittle.xray.pkg;

import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Splits a file into UTF-8 lines as it streams past, so text databases of any size are read with bounded memory.
 * Lines longer than {@link #MAX_LINE} are cut there (nothing a cataloger reads is that long).
 */
abstract class LineConsumer implements FileConsumer {
    static final int MAX_LINE = 64 * 1024;

    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    @Override
    public final void accept(byte[] buffer, int offset, int length) throws IOException {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (buffer[i] == '\n') {
                append(buffer, start, i - start);
                emit();
                start = i + 1;
            }
        }
        append(buffer, start, end - start);
    }

    private void append(byte[] buffer, int offset, int length) {
        int room = MAX_LINE - line.size();
        if (room > 0) {
            line.write(buffer, offset, Math.min(room, length));
        }
    }

    private void emit() {
        int size = line.size();
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (size > 0 && text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        line(text);
    }

    @Override
    public final void finish(EvidenceSink sink) throws IOException {
        if (line.size() > 0) {
            emit();
        }
        end(sink);
    }

    /** One line, without its end of line. */
    abstract void line(String text);

    /** The file has ended (a last line without a newline has been passed on). */
    abstract void end(EvidenceSink sink) throws IOException;
}
