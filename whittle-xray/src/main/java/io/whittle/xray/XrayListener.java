package io.whittle.xray;

import io.whittle.xray.scan.ScanListener;

/** Progress of an X-ray: the layer scans, then the phases after them. */
public interface XrayListener extends ScanListener {
    /** A phase after scanning: {@code merge}, {@code packages}, {@code findings}, {@code report}. */
    default void phase(String name) {
    }

    XrayListener NONE = new XrayListener() {
    };
}
