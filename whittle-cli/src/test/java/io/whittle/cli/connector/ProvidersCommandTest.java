package io.whittle.cli.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.cli.ExitCode;
import io.whittle.cli.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code whittle providers} and {@code whittle providers show ID}, in text and JSON; no database is needed. */
class ProvidersCommandTest {
    private static final List<String> NINE = List.of("dockerhub", "ecr", "gcr", "quay", "ghcr", "digitalocean", "acr",
            "gitlab", "generic");

    @TempDir
    Path temp;

    @Test
    void listsTheNineProvidersWithTheirFields() {
        Shell run = new Shell(temp);
        Shell.Result r = run.whittle("providers");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> ids = r.stdout().lines().skip(1).takeWhile(l -> !l.isBlank()).map(l -> l.split("\\s+")[0])
                .toList();
        assertThat(ids).containsExactlyElementsOf(NINE);
        assertThat(r.stdout()).contains("ghcr", "GitHub Container Registry", "username*", "token* (secret)");
        assertThat(Files.exists(run.dataDir)).as("listing providers creates no data directory").isFalse();

        Shell.Result json = run.whittle("providers", "-o", "json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        List<String> jsonIds = new ArrayList<>();
        json.json().path("providers").forEach(p -> jsonIds.add(p.path("id").asText()));
        assertThat(jsonIds).containsExactlyElementsOf(NINE);
    }

    @Test
    void showsFieldsAndInstructions() {
        Shell run = new Shell(temp);
        Shell.Result r = run.whittle("providers", "show", "ecr");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith("Amazon ECR (ecr)")
                .contains("  externalId  (text, required when authMethod is role)")
                .contains("  secretAccessKey  (secret, required when authMethod is keys)")
                .contains("How to get the credentials:", "1. ", "Require external ID")
                .contains("whittle connector add ecr --name NAME --set region=REGION --set roleArn=ROLEARN"
                        + " --set externalId=EXTERNALID");

        JsonNode ghcr = run.whittle("providers", "show", "ghcr", "-o", "json").json();
        assertThat(ghcr.path("id").asText()).isEqualTo("ghcr");
        JsonNode token = field(ghcr, "token");
        assertThat(token.path("kind").asText()).isEqualTo("secret");
        assertThat(token.path("required").asBoolean()).isTrue();
        assertThat(token.path("help").asText()).contains("read:packages");
        JsonNode registry = field(ghcr, "registry");
        assertThat(registry.path("default").asText()).isEqualTo("ghcr.io");
        assertThat(registry.path("advanced").asBoolean()).isTrue();
        assertThat(ghcr.path("instructions").path("steps").size()).isGreaterThan(1);

        JsonNode gcr = run.whittle("providers", "show", "gcr", "-o", "json").json();
        assertThat(field(gcr, "key").path("kind").asText()).isEqualTo("multiline-secret");
        JsonNode ecr = run.whittle("providers", "show", "ecr", "-o", "json").json();
        assertThat(field(ecr, "authMethod").path("choices")).extracting(c -> c.path("value").asText())
                .containsExactly("role", "keys");
        assertThat(field(ecr, "roleArn").path("shownWhen").path("field").asText()).isEqualTo("authMethod");
    }

    @Test
    void anUnknownProviderIsAUsageError() {
        Shell.Result r = new Shell(temp).whittle("providers", "show", "ghrc");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.stderr()).isEqualTo("whittle: There is no provider 'ghrc': use one of " + String.join(", ", NINE)
                + ".\n");
    }

    private static JsonNode field(JsonNode provider, String key) {
        for (JsonNode f : provider.path("fields")) {
            if (f.path("key").asText().equals(key)) {
                return f;
            }
        }
        throw new AssertionError("no field " + key + " in " + provider);
    }
}
