package io.whittle.xray.tar;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A visitor that keeps every item, its content and every anomaly, for assertions. */
public final class Recorder implements TarVisitor {
    public final List<TarItem> items = new ArrayList<>();
    public final Map<String, byte[]> contents = new LinkedHashMap<>();
    public final List<TarAnomaly> anomalies = new ArrayList<>();
    private final boolean readContent;

    public Recorder() {
        this(true);
    }

    public Recorder(boolean readContent) {
        this.readContent = readContent;
    }

    @Override
    public void item(TarItem item, InputStream content) throws IOException {
        items.add(item);
        if (readContent) {
            contents.put(item.path(), content.readAllBytes());
        }
    }

    @Override
    public void anomaly(TarAnomaly anomaly) {
        anomalies.add(anomaly);
    }

    public List<String> paths() {
        return items.stream().map(TarItem::path).toList();
    }

    public List<TarAnomaly.Kind> kinds() {
        return anomalies.stream().map(TarAnomaly::kind).toList();
    }

    public TarItem item(String path) {
        return items.stream().filter(i -> i.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no item " + path + " in " + paths()));
    }
}
