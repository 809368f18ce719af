package io.whittle.xray.scan;

import io.whittle.xray.finding.Finding;
import io.whittle.xray.pkg.OsRelease;
import io.whittle.xray.pkg.Package;
import java.util.List;
import java.util.Objects;

/**
 * What a content scanner found in one file of one layer. After the layers are merged, only evidence from a
 * file that is still visible at that path in that layer's version counts.
 */
public sealed interface Evidence {

    /** The file (cleaned path) the evidence came from. */
    String path();

    /** A package; {@code pkg.purl()} may still lack the distro qualifier, added when the OS is known. */
    record PackageFound(String path, Package pkg) implements Evidence {
        public PackageFound {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(pkg, "pkg");
        }
    }

    /** The files a package owns, listed in a file apart from the package record (dpkg {@code info/*.list}). */
    record OwnedFiles(String path, String packageType, String packageName, List<String> files) implements Evidence {
        public OwnedFiles {
            Objects.requireNonNull(path, "path");
            files = List.copyOf(files);
        }
    }

    /** An os-release file ({@code etc/os-release}, {@code usr/lib/os-release}, {@code etc/debian_version}...). */
    record OsFound(String path, OsRelease os) implements Evidence {
        public OsFound {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(os, "os");
        }
    }

    /** A finding about this file's content (a private key, a token, an expired certificate). */
    record FindingFound(String path, Finding finding) implements Evidence {
        public FindingFound {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(finding, "finding");
        }
    }
}
