package io.whittle.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the real peer programs (registry, skopeo, umoci) that the test kit drives. */
public final class Peers {
    private Peers() {
    }

    /** The Debian package and binary of the CNCF distribution registry. */
    public static final String DOCKER_REGISTRY = "docker-registry";
    /** The binary and Debian package of skopeo. */
    public static final String SKOPEO = "skopeo";
    /** The binary and Debian package of umoci. */
    public static final String UMOCI = "umoci";

    /**
     * The path of {@code tool}, found on {@code PATH} or in {@code /usr/bin} and {@code /usr/sbin}.
     *
     * @throws TestkitException in one line naming the Debian package to install when the tool is missing
     */
    public static Path require(String tool, String debianPackage) {
        return find(tool).orElseThrow(() -> new TestkitException(tool + " is not installed: run 'apt-get install "
                + debianPackage + "'"));
    }

    /** The path of {@code tool} when it is installed and executable. */
    public static Optional<Path> find(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : (path + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/usr/sbin")
                .split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** True when {@code tool} is installed. */
    public static boolean available(String tool) {
        return find(tool).isPresent();
    }
}
