package io.whittle.xray.pkg;

import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** CONTRACT (H3): every package cataloger and OS detector, and how their evidence becomes packages. */
public final class Catalogers {
    private static final List<ContentScanner> SCANNERS = List.of(new OsReleaseScanner(), new DpkgScanner(),
            new ApkScanner(), new RpmScanner(), new JavaArchiveScanner(), new PythonScanner(), new NpmScanner(),
            new GoBinaryScanner(), new GemspecScanner(), new ComposerScanner(), new DotnetDepsScanner());
    private static final Set<String> OS_TYPES = Set.of(DpkgScanner.TYPE, ApkScanner.TYPE, RpmScanner.TYPE);

    private Catalogers() {
    }

    /** The content scanners that find packages and os-release files. */
    public static List<ContentScanner> scanners() {
        return SCANNERS;
    }

    /**
     * The distribution from visible os-release evidence ({@code etc/os-release} before
     * {@code usr/lib/os-release}; {@code etc/debian_version} refines Debian's version).
     */
    public static Optional<OsRelease> os(List<Evidence> visible) {
        Map<String, OsRelease> byPath = new HashMap<>();
        for (Evidence e : visible) {
            if (e instanceof Evidence.OsFound found) {
                byPath.put(found.path(), found.os());
            }
        }
        OsRelease release = byPath.getOrDefault(OsReleaseScanner.ETC_OS_RELEASE,
                byPath.get(OsReleaseScanner.USR_OS_RELEASE));
        OsRelease debian = byPath.get(OsReleaseScanner.DEBIAN_VERSION);
        OsRelease alpine = byPath.get(OsReleaseScanner.ALPINE_RELEASE);
        if (release == null) {
            // no os-release: a bare version file still says which distribution this is
            release = debian != null && debian.versionId().get().matches("\\d+(\\.\\d+)*") ? debian : alpine;
            return Optional.ofNullable(release);
        }
        if (release.id().equals("debian") && debian != null) {
            String point = debian.versionId().get();
            // debian_version says "12.5" where os-release says "12"; testing says "trixie/sid" and is left alone
            if (point.matches("\\d+(\\.\\d+)+") && release.versionId().map(v -> point.startsWith(v + ".")).orElse(true)) {
                release = new OsRelease(release.id(), Optional.of(point), release.prettyName(), release.idLike(),
                        release.codename());
            }
        }
        return Optional.of(release);
    }

    /**
     * Packages from visible evidence: owned files joined, OS purls qualified with {@code distro=}, sorted by
     * type, name, version, location.
     */
    public static List<Package> packages(List<Evidence> visible, Optional<OsRelease> os) {
        Map<String, List<String>> owned = new HashMap<>();
        List<Package> found = new ArrayList<>();
        for (Evidence e : visible) {
            if (e instanceof Evidence.PackageFound p) {
                found.add(p.pkg());
            } else if (e instanceof Evidence.OwnedFiles o) {
                owned.computeIfAbsent(o.packageType() + "\u0000" + o.packageName(), k -> new ArrayList<>())
                        .addAll(o.files());
            }
        }
        Set<Package> out = new LinkedHashSet<>();
        for (Package pkg : found) {
            Package p = pkg;
            if (p.files().isEmpty()) {
                List<String> files = owned.get(p.type() + "\u0000" + ownerKey(p));
                if (files != null) {
                    p = p.withFiles(files.stream().distinct().toList());
                }
            }
            if (OS_TYPES.contains(p.type()) && os.isPresent()) {
                p = p.withPurl(Purls.withDistro(p.purl(), os.get().id(), distroQualifier(os.get())));
            }
            out.add(p);
        }
        List<Package> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparing(Package::type).thenComparing(Package::name).thenComparing(Package::version)
                .thenComparing(Package::location));
        return List.copyOf(sorted);
    }

    /** How owned-file evidence names its package: dpkg by package name, Python by metadata directory. */
    private static String ownerKey(Package p) {
        return p.type().equals(PythonScanner.TYPE) ? PythonScanner.metadataKey(p.location()) : p.name();
    }

    /**
     * The purl distro qualifier. Debian's is its major release ("debian-12", as other tools write it) even when
     * {@code etc/debian_version} refined the version to a point release.
     */
    private static String distroQualifier(OsRelease os) {
        if (os.id().equals("debian")) {
            return os.versionId().map(v -> os.id() + "-" + v.replaceFirst("\\..*", "")).orElse(os.id());
        }
        return os.distroQualifier();
    }
}
