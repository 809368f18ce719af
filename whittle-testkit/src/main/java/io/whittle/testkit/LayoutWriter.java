package io.whittle.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Json;
import io.whittle.oci.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Map;

/** Writes blobs and a tagged entry into an OCI image layout directory, as skopeo's and umoci's {@code oci:} read. */
final class LayoutWriter {
    static final String REF_NAME = "org.opencontainers.image.ref.name";

    private LayoutWriter() {
    }

    /**
     * Copies {@code blobs} from the factory's store into {@code dir} (never linking, so a test that corrupts the
     * layout leaves the factory intact) and points {@code tag} at {@code top}, replacing an entry with that tag.
     */
    static void write(Path dir, String tag, Descriptor top, Collection<Path> blobs) {
        if (tag == null || tag.isEmpty()) {
            throw new IllegalArgumentException("a layout tag must not be empty");
        }
        try {
            Path blobDir = dir.resolve("blobs").resolve("sha256");
            Files.createDirectories(blobDir);
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}", StandardCharsets.UTF_8);
            for (Path blob : blobs) {
                Path target = blobDir.resolve(blob.getFileName().toString());
                if (!Files.exists(target)) {
                    Path tmp = Files.createTempFile(blobDir, ".tmp-", "");
                    Files.copy(blob, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Path indexFile = dir.resolve("index.json");
            ObjectNode index;
            if (Files.exists(indexFile)) {
                JsonNode existing = Json.MAPPER.readTree(indexFile.toFile());
                index = existing instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
            } else {
                index = Json.MAPPER.createObjectNode();
            }
            ArrayNode kept = Json.MAPPER.createArrayNode();
            JsonNode manifests = index.get("manifests");
            if (manifests != null && manifests.isArray()) {
                for (JsonNode m : manifests) {
                    if (!tag.equals(m.path("annotations").path(REF_NAME).asText(null))) {
                        kept.add(m);
                    }
                }
            }
            kept.add(Json.toJson(top.withAnnotations(Map.of(REF_NAME, tag))));
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("schemaVersion", 2);
            out.put("mediaType", MediaType.OCI_INDEX);
            out.set("manifests", kept);
            Path tmp = Files.createTempFile(dir, ".index-", ".json");
            Files.write(tmp, Json.bytes(out));
            Files.move(tmp, indexFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the OCI layout " + dir, e);
        }
    }
}
