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

    /** Parses {@code os/arch[/variant]}, as given to {@code --platform}. */
    public static Platform parse(String value) {
        String[] parts = Objects.requireNonNull(value, "platform").split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()
                || (parts.length == 3 && parts[2].isBlank())) {
            throw new OciException("'" + value + "' is not a platform: use os/arch or os/arch/variant, e.g. linux/arm64/v8");
        }
        return of(parts[0].toLowerCase(Locale.ROOT), parts[1].toLowerCase(Locale.ROOT),
                parts.length == 3 ? parts[2].toLowerCase(Locale.ROOT) : null);
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
     * architecture, and the same variant when this one names a variant (arm64's variant v8 is the default
     * and matches an absent one).
     */
    public boolean satisfiedBy(Platform candidate) {
        if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
            return false;
        }
        if (variant.isEmpty()) {
            return true;
        }
        String wanted = normalVariant(architecture, variant);
        String offered = normalVariant(candidate.architecture, candidate.variant);
        return wanted.equals(offered);
    }

    private static String normalVariant(String arch, Optional<String> variant) {
        if (variant.isPresent()) {
            return variant.get();
        }
        return "arm64".equals(arch) ? "v8" : "";
    }

    /** {@code os/arch[/variant]}. */
    @Override
    public String toString() {
        return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
    }
}
