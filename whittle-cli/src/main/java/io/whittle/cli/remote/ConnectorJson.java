package io.whittle.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.connector.CheckResult;
import io.whittle.connector.ConnectorCheckException;
import io.whittle.connector.ConnectorOutcome;
import io.whittle.connector.RepositoryInfo;
import io.whittle.connector.TagInfo;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.oci.Platform;
import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.connector.ConnectorState;
import io.whittle.platform.connector.ConnectorStatus;
import io.whittle.platform.connector.RateLimit;
import io.whittle.platform.connector.Verification;
import io.whittle.platform.org.OrganizationId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The server's connector documents read back into the domain records the local commands print, so that one set of
 * views renders both modes. The organization is not part of the documents and is never printed: connectors read
 * here carry {@link OrganizationId#LOCAL} as a placeholder.
 */
final class ConnectorJson {
    private ConnectorJson() {
    }

    static Connector connector(JsonNode n) {
        TreeMap<String, String> settings = new TreeMap<>();
        n.path("settings").properties().forEach(e -> settings.put(e.getKey(), e.getValue().asText()));
        LinkedHashSet<String> secrets = new LinkedHashSet<>();
        n.path("secrets").forEach(s -> secrets.add(s.asText()));
        ConnectorStatus status = new ConnectorStatus(Verification.fromWire(n.path("status").asText()),
                text(n, "statusReason").orElse(""));
        ConnectorState state = new ConnectorState(status, Access.fromWire(n.path("access").asText()),
                instant(n, "expiresAt"), instant(n, "lastCheckedAt"), rateLimit(n.path("rateLimit")));
        return Connector.of(ConnectorId.parse(n.path("id").asText()), OrganizationId.LOCAL, n.path("name").asText(),
                n.path("registry").asText(), settings, secrets, state, instant(n, "createdAt").orElse(Instant.EPOCH),
                instant(n, "updatedAt").orElse(Instant.EPOCH), n.path("version").asLong(0));
    }

    static ConnectorOutcome outcome(JsonNode n) {
        Connector c = connector(n.path("connector"));
        Optional<CheckResult> result = Optional.empty();
        JsonNode check = n.path("check");
        if (check.isObject()) {
            List<String> notes = new ArrayList<>();
            check.path("notes").forEach(x -> notes.add(x.asText()));
            result = Optional.of(new CheckResult(check.path("registry").asText(),
                    Access.fromWire(check.path("access").asText()), instant(check, "expiresAt"),
                    rateLimit(check.path("rateLimit")), notes));
        }
        Optional<ConnectorCheckException> failure = Optional.empty();
        JsonNode f = n.path("failure");
        if (f.isObject()) {
            failure = Optional.of(checkFailure(failure(f.path("kind").asText()), text(f, "field"),
                    f.path("message").asText(), c.name()));
        }
        return new ConnectorOutcome(c, result, failure);
    }

    static ConnectorCheckException checkFailure(Failure kind, Optional<String> field, String message,
                                                String subject) {
        return new ConnectorCheckException(kind, field, "check connector", subject, message, false, null);
    }

    static RepositoryInfo repository(JsonNode n) {
        JsonNode p = n.path("isPrivate");
        return new RepositoryInfo(n.path("name").asText(), instant(n, "updatedAt"),
                p.isBoolean() ? Optional.of(p.asBoolean()) : Optional.empty());
    }

    static TagInfo tag(JsonNode n) {
        List<Platform> platforms = new ArrayList<>();
        n.path("platforms").forEach(p -> platforms.add(Platform.parse(p.asText())));
        JsonNode size = n.path("size");
        return new TagInfo(n.path("name").asText(), text(n, "digest").map(Digest::parse), text(n, "mediaType"),
                platforms, size.isNumber() ? OptionalLong.of(size.asLong()) : OptionalLong.empty(),
                instant(n, "updatedAt"));
    }

    /** A failure kind as the API writes it ({@code not-found}); unknown ones are {@link Failure#OTHER}. */
    static Failure failure(String wire) {
        try {
            return Failure.valueOf(wire.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            return Failure.OTHER;
        }
    }

    private static Optional<RateLimit> rateLimit(JsonNode n) {
        if (!n.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new RateLimit(n.path("limit").asInt(), n.path("remaining").asInt(),
                Duration.ofSeconds(n.path("windowSeconds").asLong()), Instant.parse(n.path("checkedAt").asText())));
    }

    static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static Optional<Instant> instant(JsonNode n, String field) {
        return text(n, field).map(Instant::parse);
    }
}
