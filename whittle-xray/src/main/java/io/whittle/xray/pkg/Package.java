package io.whittle.xray.pkg;

import java.util.List;
import java.util.Objects;

/**
 * One installed package.
 *
 * @param type     the purl type: {@code deb}, {@code apk}, {@code rpm}, {@code maven}, {@code pypi}, {@code npm},
 *                 {@code golang}, {@code gem}, {@code composer}, {@code nuget}, {@code cargo}
 * @param name     the package name (for maven {@code groupId:artifactId} is split into namespace and name)
 * @param version  the installed version (for rpm {@code version-release}, epoch apart)
 * @param purl     the package URL; OS packages get their {@code distro} qualifier when the OS is known
 * @param licenses license names or SPDX ids as the package declares them
 * @param location the file (cleaned path) the package was read from
 * @param files    files the package owns, cleaned paths, when its database says
 */
public record Package(String type, String name, String version, String purl, List<String> licenses, String location,
                      List<String> files) {
    public Package {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(purl, "purl");
        licenses = List.copyOf(licenses);
        Objects.requireNonNull(location, "location");
        files = List.copyOf(files);
    }

    public Package withPurl(String newPurl) {
        return new Package(type, name, version, newPurl, licenses, location, files);
    }

    public Package withFiles(List<String> newFiles) {
        return new Package(type, name, version, purl, licenses, location, newFiles);
    }
}
