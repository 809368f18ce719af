package io.whittle.xray.scan;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Collects one file's bytes for a consumer that needs the whole file: in memory up to {@code memoryLimit},
 * in a temporary file beyond it, and not at all past {@code maxBytes} ({@link #truncated()} then says so).
 * {@link #close()} deletes the temporary file.
 */
public final class Spool implements AutoCloseable {
    private final int memoryLimit;
    private final long maxBytes;
    private byte[] memory = new byte[256];
    private int memoryLength;
    private Path file;
    private OutputStream fileOut;
    private long length;
    private boolean truncated;

    public Spool(int memoryLimit, long maxBytes) {
        this.memoryLimit = memoryLimit;
        this.maxBytes = maxBytes;
    }

    public void write(byte[] buffer, int offset, int count) throws IOException {
        if (truncated) {
            return;
        }
        if (length + count > maxBytes) {
            truncated = true;
            return;
        }
        length += count;
        if (fileOut == null && memoryLength + count <= memoryLimit) {
            if (memoryLength + count > memory.length) {
                memory = Arrays.copyOf(memory, Math.min(memoryLimit, Math.max(memory.length * 2, memoryLength + count)));
            }
            System.arraycopy(buffer, offset, memory, memoryLength, count);
            memoryLength += count;
            return;
        }
        if (fileOut == null) {
            file = Files.createTempFile("whittle-spool-", ".bin");
            fileOut = Files.newOutputStream(file);
            fileOut.write(memory, 0, memoryLength);
            memory = null;
        }
        fileOut.write(buffer, offset, count);
    }

    /** Whether the file was bigger than {@code maxBytes} and so was not kept. */
    public boolean truncated() {
        return truncated;
    }

    public long length() {
        return length;
    }

    /** The bytes, read again from the start. */
    public InputStream open() throws IOException {
        if (fileOut != null) {
            fileOut.flush();
            return Files.newInputStream(file);
        }
        return new ByteArrayInputStream(memory, 0, memoryLength);
    }

    /** The bytes in memory; for files spooled to disk they are read in. */
    public byte[] bytes() throws IOException {
        if (fileOut != null) {
            fileOut.flush();
            return Files.readAllBytes(file);
        }
        return Arrays.copyOf(memory, memoryLength);
    }

    /** A file holding the bytes (written now for content kept in memory), for libraries that need a path. */
    public Path file() throws IOException {
        if (fileOut == null) {
            file = Files.createTempFile("whittle-spool-", ".bin");
            fileOut = Files.newOutputStream(file);
            fileOut.write(memory, 0, memoryLength);
            memory = null;
        }
        fileOut.flush();
        return file;
    }

    @Override
    public void close() {
        try {
            if (fileOut != null) {
                fileOut.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
