package io.whittle.xray;

import io.whittle.xray.scan.LayerCache;
import io.whittle.xray.tar.TarLimits;
import java.util.Objects;

/**
 * How an X-ray runs.
 *
 * @param limits         per-layer bounds
 * @param cache          where layer scans are kept between runs
 * @param parallelism    layers read at once
 * @param whittleVersion the version the report says made it
 */
public record XrayOptions(TarLimits limits, LayerCache cache, int parallelism, String whittleVersion) {
    public XrayOptions {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(whittleVersion, "whittleVersion");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    /** Options with the version of the jar this class came from (or {@code unknown}). */
    public XrayOptions(TarLimits limits, LayerCache cache, int parallelism) {
        this(limits, cache, parallelism, packageVersion());
    }

    public static XrayOptions defaults() {
        return new XrayOptions(TarLimits.DEFAULTS, LayerCache.NONE, Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    public XrayOptions withCache(LayerCache newCache) {
        return new XrayOptions(limits, newCache, parallelism, whittleVersion);
    }

    public XrayOptions withVersion(String version) {
        return new XrayOptions(limits, cache, parallelism, version);
    }

    private static String packageVersion() {
        String v = XrayOptions.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }
}
