package io.whittle.xray.finding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Cloud credentials in configuration files: AWS access keys, GCP service-account keys, Azure storage keys. */
final class CloudKeyScanner implements ContentScanner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> EXTENSIONS = Set.of("json", "yaml", "yml", "properties", "conf", "cfg", "ini",
            "toml", "env", "xml", "config", "tfvars", "txt", "sh");
    private static final Pattern AWS_SECRET = Pattern.compile(
            "(?i)secret_?access_?key[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])");
    private static final Pattern BARE_SECRET = Pattern.compile("(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");
    private static final Pattern AZURE = Pattern.compile("AccountKey=([A-Za-z0-9+/]{20,}=*)");
    private static final Pattern AZURE_ACCOUNT = Pattern.compile("AccountName=([A-Za-z0-9-]+)");
    /** How far from a key id a bare 40-character secret still counts as its pair. */
    private static final int NEARBY = 400;

    @Override
    public FileConsumer open(FileInfo file) {
        if (!Candidates.small(file)) {
            return null;
        }
        String name = file.name();
        boolean candidate = EXTENSIONS.contains(Candidates.extension(name)) || name.equals("credentials")
                || Candidates.parentIs(file.path(), ".aws") || name.startsWith(".env");
        // The name first: the vendored-tree test is the dearer one, and most files fail the name.
        return candidate && !Candidates.vendored(file.path())
                ? new SmallFileConsumer((content, sink) -> check(file.path(), content, sink)) : null;
    }

    private static void check(String path, byte[] content, EvidenceSink sink) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        String at = Secrets.absolute(path);
        aws(path, at, text, sink);
        if (text.contains("service_account") && text.contains("\"private_key\"")) {
            gcp(path, at, content, sink);
        }
        Matcher azure = AZURE.matcher(text);
        if (azure.find()) {
            Matcher account = AZURE_ACCOUNT.matcher(text);
            String named = account.find() ? " for storage account " + account.group(1) : "";
            sink.add(new Evidence.FindingFound(path, new Finding("azure-storage-key", Severity.HIGH, at,
                    at + " holds an Azure storage account key" + named + " (" + Secrets.mask(azure.group(1))
                            + "): remove it from the image, rotate the key, and use a managed identity or a run-time"
                            + " secret instead.")));
        }
    }

    private static void aws(String path, String at, String text, EvidenceSink sink) {
        if (!text.contains("AKIA") && !text.contains("ASIA")) {
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        boolean paired = false;
        Matcher m = Secrets.AWS_KEY_ID.matcher(text);
        while (m.find()) {
            if (m.group().endsWith("EXAMPLE")) {
                continue;  // AWS's documentation key, copied into many samples
            }
            ids.add(m.group());
            Matcher near = BARE_SECRET.matcher(text).region(Math.max(0, m.start() - NEARBY),
                    Math.min(text.length(), m.end() + NEARBY));
            paired |= near.find();
        }
        if (ids.isEmpty()) {
            return;
        }
        paired |= AWS_SECRET.matcher(text).find();
        StringBuilder masked = new StringBuilder();
        for (String id : ids) {
            masked.append(masked.isEmpty() ? "" : ", ").append(Secrets.mask(id));
        }
        sink.add(new Evidence.FindingFound(path, new Finding("aws-access-key", paired ? Severity.HIGH : Severity.MEDIUM,
                at, at + " holds " + (ids.size() == 1 ? "an AWS access key id" : ids.size() + " AWS access key ids")
                        + " (" + masked + ")" + (paired ? " with its secret key" : "")
                        + ": remove it from the image, deactivate the key, and use an instance role or a run-time"
                        + " secret instead.")));
    }

    private static void gcp(String path, String at, byte[] content, EvidenceSink sink) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (IOException e) {
            return;
        }
        if (root == null || !"service_account".equals(root.path("type").asText())
                || root.path("private_key").asText("").isBlank()) {
            return;
        }
        String email = root.path("client_email").asText("");
        sink.add(new Evidence.FindingFound(path, new Finding("gcp-service-account-key", Severity.HIGH, at,
                at + " holds a Google Cloud service-account key" + (email.isEmpty() ? "" : " for " + email)
                        + ": remove it from the image, delete the key in IAM, and use workload identity or a run-time"
                        + " secret instead.")));
    }
}
