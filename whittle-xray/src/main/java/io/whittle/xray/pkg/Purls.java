package io.whittle.xray.pkg;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Package URLs in their canonical form (through packageurl-java, so encoding follows the purl spec). */
final class Purls {
    private Purls() {
    }

    static String of(String type, String namespace, String name, String version, Map<String, String> qualifiers) {
        try {
            TreeMap<String, String> sorted = new TreeMap<>();
            qualifiers.forEach((k, v) -> {
                if (v != null && !v.isEmpty()) {
                    sorted.put(k, v);
                }
            });
            String ns = namespace == null || namespace.isEmpty() ? null : namespace;
            return new PackageURL(type, ns, name, version.isEmpty() ? null : version, sorted.isEmpty() ? null : sorted,
                    null).canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new IllegalArgumentException("Cannot make a package URL of " + type + " " + namespace + "/" + name
                    + "@" + version + ": " + e.getMessage() + "; fix the package record.", e);
        }
    }

    static String of(String type, String namespace, String name, String version) {
        return of(type, namespace, name, version, Map.of());
    }

    /** The purl with another namespace and one more qualifier (the distro of an OS package). */
    static String withDistro(String purl, String namespace, String distro) {
        try {
            PackageURL parsed = new PackageURL(purl);
            TreeMap<String, String> qualifiers = new TreeMap<>();
            if (parsed.getQualifiers() != null) {
                qualifiers.putAll(parsed.getQualifiers());
            }
            qualifiers.put("distro", distro);
            return new PackageURL(parsed.getType(), namespace, parsed.getName(), parsed.getVersion(), qualifiers,
                    parsed.getSubpath()).canonicalize();
        } catch (MalformedPackageURLException e) {
            throw new IllegalArgumentException("Cannot qualify package URL " + purl + ": " + e.getMessage(), e);
        }
    }

    /** A Python project name as the purl spec wants it: lower case, runs of "-", "_", "." as one "-". */
    static String pypiName(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }
}
