package io.whittle.xray.pkg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The header blobs of rpm's three package database formats: sqlite ({@code rpmdb.sqlite}, table
 * {@code Packages(hnum, blob)}), Berkeley DB hash ({@code Packages}) and ndb ({@code Packages.db}). Files are
 * read in place with positioned reads, one page or blob at a time.
 */
final class RpmDatabase {
    private static final int MAX_BLOB = 64 * 1024 * 1024;

    private RpmDatabase() {
    }

    static void sqlite(Path file, Consumer<byte[]> blobs) throws IOException {
        String url = "jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro&immutable=1";
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT blob FROM Packages")) {
            while (rows.next()) {
                byte[] blob = rows.getBytes(1);
                if (blob != null) {
                    blobs.accept(blob);
                }
            }
        } catch (SQLException e) {
            throw new IOException("The rpm sqlite database cannot be read (" + e.getMessage()
                    + "); the image's rpmdb.sqlite may be damaged.", e);
        }
    }

    // Berkeley DB hash: page 0 is the metadata page; hash pages hold key/value item pairs; big values live in
    // chains of overflow pages referred to by an off-page item.
    private static final int BDB_HASH_MAGIC = 0x061561;
    private static final int P_HASH_UNSORTED = 2;
    private static final int P_OVERFLOW = 7;
    private static final int P_HASH = 13;
    private static final int H_KEYDATA = 1;
    private static final int H_OFFPAGE = 3;
    private static final int PAGE_HEADER = 26;

    static void berkeleyDb(Path file, Consumer<byte[]> blobs) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer meta = read(channel, 0, 512);
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            if (meta.order(order).getInt(12) != BDB_HASH_MAGIC) {
                order = ByteOrder.BIG_ENDIAN;
                if (meta.order(order).getInt(12) != BDB_HASH_MAGIC) {
                    throw new IOException("The rpm Packages file is not a Berkeley DB hash database.");
                }
            }
            int pageSize = meta.getInt(20);
            long lastPage = Integer.toUnsignedLong(meta.getInt(32));
            if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0) {
                throw new IOException("The rpm Packages file has an invalid page size " + pageSize + ".");
            }
            long pages = Math.min(lastPage + 1, channel.size() / pageSize);
            for (long page = 1; page < pages; page++) {
                ByteBuffer data = read(channel, page * pageSize, pageSize).order(order);
                int type = data.get(25) & 0xff;
                if (type != P_HASH && type != P_HASH_UNSORTED) {
                    continue;
                }
                int entries = data.getShort(20) & 0xffff;
                // items pack down from the page end; each one ends where the previous one starts
                for (int i = 1; i < entries && PAGE_HEADER + 2 * i + 2 <= pageSize; i += 2) {
                    int offset = data.getShort(PAGE_HEADER + 2 * i) & 0xffff;
                    int previous = data.getShort(PAGE_HEADER + 2 * (i - 1)) & 0xffff;
                    if (offset >= pageSize) {
                        continue;
                    }
                    int itemType = data.get(offset) & 0xff;
                    if (itemType == H_OFFPAGE && offset + 12 <= pageSize) {
                        long first = Integer.toUnsignedLong(data.getInt(offset + 4));
                        long total = Integer.toUnsignedLong(data.getInt(offset + 8));
                        byte[] value = overflow(channel, order, pageSize, first, total);
                        if (value != null) {
                            blobs.accept(value);
                        }
                    } else if (itemType == H_KEYDATA && previous > offset + 1 && previous <= pageSize) {
                        byte[] value = new byte[previous - offset - 1];
                        data.get(offset + 1, value);
                        blobs.accept(value);
                    }
                }
            }
        }
    }

    private static byte[] overflow(FileChannel channel, ByteOrder order, int pageSize, long first, long total)
            throws IOException {
        if (total > MAX_BLOB) {
            return null;
        }
        byte[] value = new byte[(int) total];
        int filled = 0;
        long page = first;
        // a chain longer than the value needs is a loop in a damaged file
        long maxHops = total / (pageSize - PAGE_HEADER) + 2;
        int hops = 0;
        while (page != 0 && filled < total && hops++ < maxHops) {
            ByteBuffer data = read(channel, page * pageSize, pageSize).order(order);
            if ((data.get(25) & 0xff) != P_OVERFLOW) {
                return null;
            }
            int used = data.getShort(22) & 0xffff;
            int take = Math.min(Math.min(used, pageSize - PAGE_HEADER), (int) total - filled);
            data.get(PAGE_HEADER, value, filled, take);
            filled += take;
            page = Integer.toUnsignedLong(data.getInt(16));
        }
        return filled == total ? value : null;
    }

    // ndb: a 32-byte header ("RpmP", version, generation, slot page count), slot pages of 16-byte slots
    // ("Slot", package index, block offset, block count), blobs at block offset x 16 ("BlbS", index, checksum,
    // length) followed by the header blob.
    private static final int NDB_MAGIC = 'R' | 'p' << 8 | 'm' << 16 | 'P' << 24;
    private static final int NDB_SLOT = 'S' | 'l' << 8 | 'o' << 16 | 't' << 24;
    private static final int NDB_BLOB = 'B' | 'l' << 8 | 'b' << 16 | 'S' << 24;
    private static final int NDB_PAGE = 4096;

    static void ndb(Path file, Consumer<byte[]> blobs) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = read(channel, 0, 32).order(ByteOrder.LITTLE_ENDIAN);
            int slotPages = header.getInt(12);
            if (header.getInt(0) != NDB_MAGIC || header.getInt(4) != 0 || slotPages <= 0 || slotPages > 2048) {
                throw new IOException("The rpm Packages.db file is not an ndb database this reader knows.");
            }
            ByteBuffer slots = read(channel, 0, slotPages * NDB_PAGE).order(ByteOrder.LITTLE_ENDIAN);
            List<long[]> used = new ArrayList<>();
            for (int at = 32; at + 16 <= slots.limit(); at += 16) {
                if (slots.getInt(at) != NDB_SLOT) {
                    throw new IOException("The rpm Packages.db file has a damaged slot table.");
                }
                int index = slots.getInt(at + 4);
                if (index != 0) {
                    used.add(new long[] {index, Integer.toUnsignedLong(slots.getInt(at + 8))});
                }
            }
            for (long[] slot : used) {
                ByteBuffer blob = read(channel, slot[1] * 16, 16).order(ByteOrder.LITTLE_ENDIAN);
                int length = blob.getInt(12);
                if (blob.getInt(0) != NDB_BLOB || blob.getInt(4) != (int) slot[0] || length < 0 || length > MAX_BLOB) {
                    continue;
                }
                ByteBuffer body = read(channel, slot[1] * 16 + 16, length);
                byte[] bytes = new byte[length];
                body.get(0, bytes);
                blobs.accept(bytes);
            }
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException("The rpm database ends early (at " + position + " of a " + channel.size()
                        + "-byte file); it is truncated.");
            }
        }
        return buffer.flip();
    }
}
