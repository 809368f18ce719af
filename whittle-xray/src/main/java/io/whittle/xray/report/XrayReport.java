package io.whittle.xray.report;

import io.whittle.xray.finding.Finding;
import io.whittle.xray.pkg.OsRelease;
import io.whittle.xray.pkg.Package;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An X-ray of one image: what {@code whittle xray -o json} prints and the server stores. Field names are the
 * JSON names (docs/xray-json.md documents them).
 */
public record XrayReport(String schema, ImageInfo image, ConfigInfo config, Sizes sizes, List<LayerInfo> layers,
                         Efficiency efficiency, FilesInfo files, Optional<OsRelease> os, List<Package> packages,
                         List<Finding> findings, String dockerfile, List<Duplicate> duplicates, Analysis analysis) {

    /** The value of {@code schema}; bumped when a field changes meaning. */
    public static final String SCHEMA = "whittle.xray/v1";

    public XrayReport {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(sizes, "sizes");
        layers = List.copyOf(layers);
        Objects.requireNonNull(efficiency, "efficiency");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(os, "os");
        packages = List.copyOf(packages);
        findings = List.copyOf(findings);
        Objects.requireNonNull(dockerfile, "dockerfile");
        duplicates = List.copyOf(duplicates);
        Objects.requireNonNull(analysis, "analysis");
    }

    /**
     * @param reference the reference as the user gave it
     * @param digest    the image manifest's digest
     * @param index     the digest of the index it was picked from, when there was one
     * @param platform  os/arch[/variant]
     * @param mediaType the manifest media type
     */
    public record ImageInfo(String reference, String digest, Optional<String> index, String platform,
                            String mediaType, Optional<String> created) {
    }

    /** From the image config; {@code user} empty means root. */
    public record ConfigInfo(Optional<String> user, List<String> entrypoint, List<String> cmd, List<String> env,
                             Optional<String> workingDir, List<String> exposedPorts, List<String> volumes,
                             Map<String, String> labels, Optional<List<String>> healthcheck,
                             Optional<String> stopSignal) {
    }

    /** Bytes: blobs as stored (compressed) and the sum of layer contents (uncompressed, dive's sizes). */
    public record Sizes(long compressed, long uncompressed, long tar, long config, long manifest) {
    }

    /**
     * @param index        0-based position
     * @param digest       blob digest
     * @param diffId       uncompressed digest
     * @param size         dive's layer size: sum of the entries' content sizes
     * @param compressedSize blob bytes
     * @param createdBy    the history instruction that made it, empty when unknown
     * @param added        paths this layer adds
     * @param modified     paths this layer replaces
     * @param removed      paths this layer deletes (whiteouts, incl. everything under deleted directories)
     * @param largest      the biggest entries of the layer, biggest first
     */
    public record LayerInfo(int index, String digest, String diffId, String mediaType, long size,
                            long compressedSize, String createdBy, Change added, Change modified, Change removed,
                            List<SizedPath> largest) {
    }

    /** A number of paths and their bytes. */
    public record Change(long count, long bytes) {
    }

    public record SizedPath(String path, long size) {
    }

    /**
     * dive's figures, reproduced exactly, and Whittle's own.
     *
     * @param score             dive's efficiency (0..1)
     * @param wastedBytes       dive's wasted bytes
     * @param userWastedPercent dive's user wasted percent (0..1 like dive's, not multiplied by 100)
     * @param reclaimableBytes  what squashing would really save
     * @param duplicateBytes    bytes in files whose content is also in another visible file
     * @param inefficiencies    dive's list, biggest first (cut to the top 100)
     */
    public record Efficiency(double score, long wastedBytes, double userWastedPercent, long reclaimableBytes,
                             long duplicateBytes, List<Inefficiency> inefficiencies) {
    }

    public record Inefficiency(String path, int count, long cumulativeSize) {
    }

    /** The merged root file system. */
    public record FilesInfo(long count, long bytes, long directories, long symlinks, List<SizedPath> largest) {
    }

    /** Visible files with the same content (same size and checksums); {@code wasted} = size × (copies − 1). */
    public record Duplicate(long size, List<String> paths, long wasted) {
    }

    /** How the analysis ran: Whittle's version, when, how long, which layers came from the cache. */
    public record Analysis(String whittleVersion, String analyzedAt, long millis, int layersRead, int layersCached) {
    }
}
