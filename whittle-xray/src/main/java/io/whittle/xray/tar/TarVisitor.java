package io.whittle.xray.tar;

import java.io.IOException;
import java.io.InputStream;

/** What {@link LayerReader} calls for each entry, in tar order. */
public interface TarVisitor {

    /**
     * One entry. For {@link EntryType#FILE} {@code content} yields exactly {@code item.size()} bytes; the reader
     * skips whatever the visitor leaves unread. For other types it is empty.
     */
    void item(TarItem item, InputStream content) throws IOException;

    /** Something hostile or malformed the reader survived. */
    default void anomaly(TarAnomaly anomaly) {
    }
}
