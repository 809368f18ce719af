package io.whittle.xray.sbom;

import io.whittle.xray.pkg.Package;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The report's packages in the one order both SBOM formats use, so that the same report gives the same bytes. */
final class SbomPackages {
    private static final Comparator<Package> ORDER = Comparator.comparing(Package::type)
            .thenComparing(Package::name)
            .thenComparing(Package::version)
            .thenComparing(Package::location)
            .thenComparing(Package::purl);

    private SbomPackages() {
    }

    static List<Package> ordered(List<Package> packages) {
        return packages.stream().sorted(ORDER).toList();
    }

    /** Hands out identifiers, adding {@code -2}, {@code -3}... when a wanted one is taken. */
    static final class UniqueIds {
        private final Set<String> taken = new HashSet<>();

        String claim(String wanted) {
            String id = wanted;
            for (int n = 2; !taken.add(id); n++) {
                id = wanted + "-" + n;
            }
            return id;
        }

        boolean isTaken(String id) {
            return taken.contains(id);
        }
    }
}
