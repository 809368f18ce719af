package io.whittle.xray.tar;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * commons-compress's tar reader, told to stop where a header record is cut short (on its own it takes half a
 * header for the end of the archive), and moved past each entry by the reader itself: commons-compress skips
 * through a fresh 8 KB buffer twice per entry, which costs more than the rest of its header work.
 */
final class HardenedTarInput extends TarArchiveInputStream {
    private static final int RECORD = 512;
    private final InputStream source;

    HardenedTarInput(InputStream in) {
        // A block of one record: the parser then reads nothing past the end-of-archive records, and the bytes
        // after them are drained (and hashed) by the reader without counting as a header.
        super(in, RECORD, "UTF-8");
        this.source = in;
    }

    /**
     * Reads the rest of the current entry and its padding to the next record, so that the next header read
     * starts right there. Sparse entries are left to commons-compress, which knows their layout.
     */
    void finishEntry(byte[] buffer) throws IOException {
        TarArchiveEntry e = getCurrentEntry();
        if (e == null || e.isSparse()) {
            return;
        }
        while (read(buffer, 0, buffer.length) >= 0) {
            // the guard underneath hashes and counts these bytes
        }
        long size = e.getSize();
        if (!e.isDirectory() && size > 0 && size % RECORD != 0) {
            int padding = (int) (RECORD - size % RECORD);
            int done = 0;
            while (done < padding) {
                int n = source.read(buffer, 0, padding - done);
                if (n < 0) {
                    throw new LayerException(LayerException.Kind.CORRUPT, "The layer's tar ends inside an entry's"
                            + " padding: the blob is truncated; pull the image again or rebuild it.");
                }
                done += n;
            }
            count(done);
        }
        setCurrentEntry(null);
    }

    @Override
    protected byte[] readRecord() throws IOException {
        long before = getBytesRead();
        byte[] record = super.readRecord();
        long read = getBytesRead() - before;
        if (record == null && read > 0) {
            throw new LayerException(LayerException.Kind.CORRUPT, "The layer's tar ends in the middle of a header"
                    + " record: the blob is truncated; pull the image again or rebuild it.");
        }
        return record;
    }
}
