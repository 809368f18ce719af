package io.whittle.xray.finding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.io.IOException;
import java.util.Map;
import java.util.TreeSet;

/**
 * Registry logins stored by docker, podman or kaniko: {@code .docker/config.json} {@code auths} entries with an
 * {@code auth} or {@code identitytoken}, the older {@code .dockercfg}, and containers' {@code auth.json}.
 * Credential helpers keep no secret in the file and are not reported.
 */
final class DockerConfigScanner implements ContentScanner {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public FileConsumer open(FileInfo file) {
        String name = file.name();
        boolean candidate = name.equals("config.json") && Candidates.parentIs(file.path(), ".docker")
                || name.equals(".dockercfg") || name.equals("auth.json")
                && (Candidates.parentIs(file.path(), "containers") || file.path().contains("containers/"));
        return candidate && Candidates.small(file)
                ? new SmallFileConsumer((content, sink) -> check(file.path(), content, sink)) : null;
    }

    private static void check(String path, byte[] content, EvidenceSink sink) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (IOException e) {
            return;
        }
        if (root == null || !root.isObject()) {
            return;
        }
        JsonNode auths = root.has("auths") ? root.get("auths") : root;
        TreeSet<String> hosts = new TreeSet<>();
        for (Map.Entry<String, JsonNode> e : auths.properties()) {
            JsonNode v = e.getValue();
            if (v.isObject() && (nonEmpty(v, "auth") || nonEmpty(v, "identitytoken") || nonEmpty(v, "password")
                    || nonEmpty(v, "registrytoken"))) {
                hosts.add(e.getKey());
            }
        }
        if (hosts.isEmpty()) {
            return;
        }
        String at = Secrets.absolute(path);
        sink.add(new Evidence.FindingFound(path, new Finding("docker-credentials", Severity.HIGH, at,
                at + " holds registry credentials for " + String.join(", ", hosts)
                        + ": remove the file from the image, log out or revoke the tokens, and log in at run time.")));
    }

    private static boolean nonEmpty(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank();
    }
}
