package io.whittle.xray.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import io.whittle.oci.ImageReference;
import io.whittle.oci.InvalidReferenceException;
import io.whittle.xray.report.XrayReport;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How an SBOM names the image it describes: the repository, the manifest digest as the version, and an OCI
 * package URL ({@code pkg:oci/debian@sha256%3A...?arch=amd64&repository_url=docker.io/library/debian}).
 *
 * @param name   the repository path, or what the reference ends with when it is not a registry reference
 * @param digest the manifest digest
 * @param purl   the {@code pkg:oci} package URL
 */
record ImageIdentity(String name, String digest, String purl) {
    ImageIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(purl, "purl");
    }

    static ImageIdentity of(XrayReport.ImageInfo image) {
        TreeMap<String, String> qualifiers = new TreeMap<>();
        String[] platform = image.platform().split("/");
        if (platform.length >= 2 && !platform[1].isBlank()) {
            qualifiers.put("arch", platform[1]);
        }
        String name;
        String purlName;
        try {
            ImageReference ref = ImageReference.parse(image.reference());
            name = ref.repository();
            purlName = ref.repository().substring(ref.repository().lastIndexOf('/') + 1);
            qualifiers.put("repository_url", ref.name());
            ref.tag().ifPresent(t -> qualifiers.put("tag", t));
        } catch (InvalidReferenceException e) {
            // An OCI layout path or similar: name it after its last segment, with no repository to point at.
            name = lastSegment(image.reference());
            purlName = name;
        }
        try {
            PackageURL purl = new PackageURL("oci", null, purlName.toLowerCase(Locale.ROOT), image.digest(),
                    qualifiers, null);
            return new ImageIdentity(name, image.digest(), purl.canonicalize());
        } catch (MalformedPackageURLException e) {
            throw new IllegalArgumentException("The image reference '" + image.reference() + "' gives no valid"
                    + " package URL (" + e.getMessage() + "); X-ray the image by a registry reference.", e);
        }
    }

    private static String lastSegment(String reference) {
        String s = reference.replaceAll("[/:@]+$", "");
        int at = s.indexOf('@');
        if (at > 0) {
            s = s.substring(0, at);
        }
        s = s.substring(s.lastIndexOf('/') + 1);
        int colon = s.indexOf(':');
        if (colon > 0) {
            s = s.substring(0, colon); // "layout:tag" names the layout
        }
        return s.isBlank() ? "image" : s;
    }
}
