package io.whittle.oci;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** The platform an image runs on: os, architecture, and optionally variant, os.version and features. */
public record Platform(String os, String architecture, Optional<String> variant, Optional<String> osVersion,
                       List<String> features) {

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(osVersion, "osVersion");
        features = List.copyOf(Objects.requireNonNull(features, "features"));
        if (os.isBlank() || architecture.isBlank()) {
            throw new OciException("a platform needs both an os and an architecture, e.g. linux/amd64");
        }
        variant = variant.filter(v -> !v.isBlank());
        osVersion = osVersion.filter(v -> !v.isBlank());
    }

    public static Platform of(String os, String architecture) {
        return new Platform(os, architecture, Optional.empty(), Optional.empty(), List.of());
    }

    public static Platform of(String os, String architecture, String variant) {
        return new Platform(os, architecture, Optional.ofNullable(variant), Optional.empty(), List.of());
    }

    /**
     * Parses {@code os/arch[/variant]}, as given to {@code --platform}. Common aliases are accepted and named
     * as Go names them: {@code x86_64} is amd64, {@code aarch64} is arm64, {@code armhf} is arm/v7.
     */
    public static Platform parse(String value) {
        String[] parts = Objects.requireNonNull(value, "platform").split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()
                || (parts.length == 3 && parts[2].isBlank())) {
            throw new OciException("'" + value + "' is not a platform: use os/arch or os/arch/variant, e.g. linux/arm64/v8");
        }
        String os = parts[0].toLowerCase(Locale.ROOT).strip();
        String arch = parts[1].toLowerCase(Locale.ROOT).strip();
        String variant = parts.length == 3 ? parts[2].toLowerCase(Locale.ROOT).strip() : null;
        switch (arch) {
            case "x86_64", "x86-64" -> arch = "amd64";
            case "aarch64" -> arch = "arm64";
            case "i386", "i686" -> arch = "386";
            case "armhf" -> {
                arch = "arm";
                variant = variant == null ? "v7" : variant;
            }
            case "armel" -> {
                arch = "arm";
                variant = variant == null ? "v6" : variant;
            }
            default -> {
            }
        }
        if (variant != null && variant.matches("[0-9]+")) {
            variant = "v" + variant;
        }
        return of(os, arch, variant);
    }

    /** The platform of the machine Whittle runs on, named as Go names it (linux/amd64, linux/arm64/v8…). */
    public static Platform host() {
        String arch = System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "x86_64", "amd64" -> of("linux", "amd64");
            case "aarch64", "arm64" -> of("linux", "arm64", "v8");
            case "arm" -> of("linux", "arm", "v7");
            case "x86", "i386", "i686" -> of("linux", "386");
            case "ppc64le" -> of("linux", "ppc64le");
            case "s390x" -> of("linux", "s390x");
            case "riscv64" -> of("linux", "riscv64");
            default -> of("linux", arch);
        };
    }

    /**
     * True when an image of platform {@code candidate} satisfies this wanted platform: same os and
     * architecture, and the same variant when this one names a variant. Variants are compared as containerd
     * normalizes them: arm64 without a variant is v8, arm without a variant is v7, amd64's v1 is no variant.
     */
    public boolean satisfiedBy(Platform candidate) {
        if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
            return false;
        }
        return variant.isEmpty() || normalVariant().equals(candidate.normalVariant());
    }

    /** The variant this platform has once defaults are filled in (v8 for arm64, v7 for arm, none for amd64 v1). */
    public String normalVariant() {
        String v = variant.orElse("");
        if (v.matches("[0-9]+")) {
            v = "v" + v;
        }
        return switch (architecture) {
            case "arm64" -> v.isEmpty() || v.equals("v8.0") ? "v8" : v;
            case "arm" -> v.isEmpty() ? "v7" : v;
            case "amd64" -> v.equals("v1") ? "" : v;
            default -> v;
        };
    }

    /** {@code os/arch[/variant]}. */
    @Override
    public String toString() {
        return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
    }
}
