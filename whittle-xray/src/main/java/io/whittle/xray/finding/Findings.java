package io.whittle.xray.finding;

import io.whittle.oci.ImageConfig;
import io.whittle.xray.fs.MergedTree;
import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.tar.TarAnomaly;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** CONTRACT (H5): every finding rule. */
public final class Findings {
    /** Files at least this big get a {@code big-file} finding unless the caller says otherwise. */
    public static final long DEFAULT_BIG_FILE_BYTES = 50L << 20;

    /** Most severe first, then by id, path and message, so that reports are stable. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity).reversed()
            .thenComparing(Finding::id).thenComparing(Finding::path).thenComparing(Finding::message);

    private Findings() {
    }

    /** Content scanners: private keys, cloud keys, tokens in .npmrc/.docker/config.json/.env, certificates. */
    public static List<ContentScanner> scanners() {
        return scanners(Clock.systemUTC());
    }

    /** The content scanners, judging certificate expiry at {@code clock}'s time. */
    public static List<ContentScanner> scanners(Clock clock) {
        return List.of(new PrivateKeyScanner(), new CloudKeyScanner(), new NpmrcScanner(), new DockerConfigScanner(),
                new DotEnvScanner(), new GitCredentialsScanner(), new NetrcScanner(), new PypircScanner(),
                new CertificateScanner(clock));
    }

    /**
     * All findings, most severe first, then by id and path: from the config (root user, secrets in env and
     * labels, no healthcheck, exposed ports), the merged tree (setuid/setgid, world-writable, shells, package
     * managers, caches, big files), visible content evidence, and the layers' tar anomalies.
     */
    public static List<Finding> of(ImageConfig config, MergedTree tree, List<Evidence> visible,
                                   List<TarAnomaly> anomalies) {
        return of(config, tree, visible, anomalies, DEFAULT_BIG_FILE_BYTES);
    }

    /** As {@link #of(ImageConfig, MergedTree, List, List)}, with the size from which a file counts as big. */
    public static List<Finding> of(ImageConfig config, MergedTree tree, List<Evidence> visible,
                                   List<TarAnomaly> anomalies, long bigFileBytes) {
        List<Finding> all = new ArrayList<>(ConfigRules.check(config));
        all.addAll(TreeRules.check(tree, bigFileBytes));
        for (Evidence e : visible) {
            if (e instanceof Evidence.FindingFound found) {
                all.add(found.finding());
            }
        }
        all.addAll(AnomalyRules.check(anomalies));
        return all.stream().distinct().sorted(ORDER).toList();
    }
}
