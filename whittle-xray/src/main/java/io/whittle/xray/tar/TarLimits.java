package io.whittle.xray.tar;

/**
 * Bounds on what one layer may hold; a layer past any of them stops with a {@link LayerException} of kind
 * {@link LayerException.Kind#LIMIT}.
 *
 * @param maxLayerBytes  uncompressed tar bytes per layer (a gzip bomb stops here)
 * @param maxEntries     tar entries per layer
 * @param maxPathLength  bytes of one entry's path or link target
 * @param maxHeaderBytes bytes of the headers in front of one entry: PAX extended/global headers and GNU long
 *                       names together (commons-compress does not bound these itself)
 */
public record TarLimits(long maxLayerBytes, long maxEntries, int maxPathLength, int maxHeaderBytes) {
    public static final TarLimits DEFAULTS = new TarLimits(64L << 30, 5_000_000, 4096, 1 << 20);

    public TarLimits {
        if (maxLayerBytes <= 0 || maxEntries <= 0 || maxPathLength <= 0 || maxHeaderBytes <= 0) {
            throw new IllegalArgumentException("tar limits must be positive");
        }
    }
}
