package io.whittle.oci.transfer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.JsonTree;

/**
 * {@code whittle copy -o json}, and the result of the server's {@code copy} job, which is the same document so that
 * the CLI prints the same whether the copy ran locally or on a server: the fields documented in docs/cli-json.md.
 */
public final class CopyResultJson {
    private CopyResultJson() {
    }

    /**
     * The document of {@code result}; {@code source}, {@code destination} and {@code platforms} as the caller names
     * them, {@code seconds} the copy's wall time (rounded to milliseconds).
     */
    public static ObjectNode of(String source, String destination, String platforms, CopyResult result,
                                double seconds) {
        ObjectNode n = JsonTree.object();
        n.put("source", source);
        n.put("destination", destination);
        n.put("digest", result.digest().toString());
        n.put("mediaType", result.mediaType());
        n.put("platforms", platforms);
        ObjectNode blobs = n.putObject("blobs");
        blobs.put("copied", result.blobsCopied());
        blobs.put("skipped", result.blobsSkipped());
        blobs.put("mounted", result.blobsMounted());
        blobs.put("foreignSkipped", result.foreignSkipped());
        n.put("bytesSent", result.bytesSent());
        n.put("manifestsWritten", result.manifestsWritten());
        n.put("manifestsSkipped", result.manifestsSkipped());
        n.put("seconds", Math.round(seconds * 1000) / 1000.0);
        return n;
    }
}
