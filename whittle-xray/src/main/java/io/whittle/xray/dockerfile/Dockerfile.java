package io.whittle.xray.dockerfile;

import io.whittle.oci.ImageConfig;
import java.util.Map;

/** CONTRACT (H5): the Dockerfile reconstructed from an image config's history. */
public final class Dockerfile {
    private static final String BASE_NAME = "org.opencontainers.image.base.name";
    private static final String BASE_DIGEST = "org.opencontainers.image.base.digest";

    private Dockerfile() {
    }

    /**
     * One instruction per history entry ({@code #(nop)} and BuildKit forms), newline-terminated, after a FROM
     * line: the base named by the OCI base-image labels, or a comment saying it is unknown. The history holds
     * the base image's own instructions too, so they follow FROM as they were recorded.
     */
    public static String reconstruct(ImageConfig config) {
        StringBuilder out = new StringBuilder();
        Map<String, String> labels = config.config().labels();
        String base = labels.getOrDefault(BASE_NAME, "").strip();
        if (base.isEmpty()) {
            out.append("# FROM <base image not recorded in the config>\n");
        } else {
            String digest = labels.getOrDefault(BASE_DIGEST, "").strip();
            out.append("FROM ").append(base).append(digest.isEmpty() || base.contains("@") ? "" : "@" + digest)
                    .append('\n');
        }
        HistoryLine lines = new HistoryLine();
        for (ImageConfig.History entry : config.history()) {
            out.append(lines.render(entry)).append('\n');
        }
        return out.toString();
    }
}
