package io.whittle.connector.google;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Json;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * What Whittle reads from a service-account JSON key, checked so that each problem gets its own sentence. Prints
 * the account's e-mail only.
 */
record ServiceAccountKey(String clientEmail, String projectId, String tokenUri) {
    /** The token endpoints Google's keys name. */
    static final Set<String> GOOGLE_TOKEN_URIS = Set.of("https://oauth2.googleapis.com/token",
            "https://accounts.google.com/o/oauth2/token", "https://www.googleapis.com/oauth2/v4/token");

    /** The key, or the problem with the text. */
    static Result parse(String json) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(json.strip());
        } catch (IOException e) {
            n = null;
        }
        if (n == null || !n.isObject()) {
            return Result.problem("The service-account key is not valid JSON: paste the whole downloaded key file.");
        }
        if (!"service_account".equals(n.path("type").asText())) {
            return Result.problem("This JSON is not a service-account key (its type is not service_account): create a"
                    + " key of type JSON for a service account.");
        }
        for (String field : new String[] {"client_email", "private_key", "token_uri"}) {
            if (n.path(field).asText("").isBlank()) {
                return Result.problem("The service-account key has no " + field + ": paste the whole downloaded key"
                        + " file.");
            }
        }
        if (!n.path("private_key").asText().contains("PRIVATE KEY")) {
            return Result.problem("The service-account key's private_key is not a PEM key: paste the file unchanged.");
        }
        return new Result(Optional.of(new ServiceAccountKey(n.path("client_email").asText(),
                n.path("project_id").asText(""), n.path("token_uri").asText())), Optional.empty());
    }

    record Result(Optional<ServiceAccountKey> key, Optional<String> problem) {
        static Result problem(String p) {
            return new Result(Optional.empty(), Optional.of(p));
        }
    }

    @Override
    public String toString() {
        return "ServiceAccountKey[" + clientEmail + "]";
    }
}
