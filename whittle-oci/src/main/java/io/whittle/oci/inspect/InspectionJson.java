package io.whittle.oci.inspect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.Descriptor;
import io.whittle.oci.ImageConfig;
import io.whittle.oci.ImageManifest;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code whittle inspect -o json}, and the server's image endpoint, which answers the same document so that the CLI
 * prints the same whether it runs locally or against a server: the fields documented in docs/cli-json.md. Every
 * field is always present (null or empty when the image has no value), so scripts need not test for absence.
 */
public final class InspectionJson {
    private InspectionJson() {
    }

    public static ObjectNode of(Inspection inspection) {
        // instanceof, not a pattern switch: that would generate a class at run time, a cold-start cost.
        return inspection instanceof Inspection.OfImage i ? image(i) : index((Inspection.OfIndex) inspection);
    }

    private static ObjectNode index(Inspection.OfIndex i) {
        IndexManifest index = i.index();
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("reference", i.reference());
        n.put("kind", "index");
        n.put("digest", index.digest().toString());
        n.put("mediaType", index.mediaType());
        n.put("manifestSize", index.raw().length);
        ArrayNode manifests = n.putArray("manifests");
        for (Descriptor d : index.manifests()) {
            ObjectNode m = manifests.addObject();
            m.put("digest", d.digest().toString());
            m.put("mediaType", d.mediaType());
            m.put("size", d.size());
            m.put("platform", d.platform().map(Object::toString).orElse(null));
            m.put("artifactType", d.artifactType().orElse(null));
            m.set("annotations", map(d.annotations()));
        }
        n.set("annotations", map(index.annotations()));
        return n;
    }

    private static ObjectNode image(Inspection.OfImage i) {
        ImageManifest m = i.manifest();
        ImageConfig c = i.config();
        ImageConfig.RunConfig run = c.config();
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("reference", i.reference());
        n.put("kind", "image");
        n.put("digest", m.digest().toString());
        n.put("mediaType", m.mediaType());
        n.put("manifestSize", m.raw().length);
        n.put("index", i.index().map(x -> x.digest().toString()).orElse(null));
        if (i.index().isPresent()) {
            n.put("indexManifests", i.index().get().manifests().size());
        } else {
            n.putNull("indexManifests");
        }
        n.put("platform", c.platform().toString());
        n.put("created", c.created().orElse(null));
        n.put("author", c.author().orElse(null));
        n.put("totalSize", m.totalSize());

        ObjectNode config = n.putObject("config");
        config.put("digest", m.config().digest().toString());
        config.put("mediaType", m.config().mediaType());
        config.put("size", m.config().size());
        config.set("entrypoint", strings(run.entrypoint()));
        config.set("cmd", strings(run.cmd()));
        config.set("env", strings(run.env()));
        config.put("user", run.user().orElse(null));
        config.put("workingDir", run.workingDir().orElse(null));
        config.set("exposedPorts", strings(run.exposedPorts()));
        config.set("volumes", strings(run.volumes()));
        config.set("labels", map(run.labels()));
        config.put("stopSignal", run.stopSignal().orElse(null));

        ArrayNode layers = n.putArray("layers");
        List<io.whittle.oci.Digest> diffIds = c.diffIds();
        for (int k = 0; k < m.layers().size(); k++) {
            Descriptor d = m.layers().get(k);
            ObjectNode l = layers.addObject();
            l.put("digest", d.digest().toString());
            l.put("mediaType", d.mediaType());
            l.put("size", d.size());
            l.put("diffId", k < diffIds.size() ? diffIds.get(k).toString() : null);
        }

        ArrayNode history = n.putArray("history");
        for (ImageConfig.History h : c.history()) {
            ObjectNode e = history.addObject();
            e.put("created", h.created().orElse(null));
            e.put("createdBy", h.createdBy().orElse(null));
            e.put("author", h.author().orElse(null));
            e.put("comment", h.comment().orElse(null));
            e.put("emptyLayer", h.emptyLayer());
        }
        n.set("annotations", map(m.annotations()));
        return n;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    private static ObjectNode map(Map<String, String> values) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        new TreeMap<>(values).forEach(o::put);
        return o;
    }
}
