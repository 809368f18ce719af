package io.whittle.cli.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.connector.CheckResult;
import io.whittle.connector.ConnectorCheckException;
import io.whittle.connector.ConnectorOutcome;
import io.whittle.oci.Json;
import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.RateLimit;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How connectors are printed: their settings and the names of their secrets (never a secret's value: the store
 * hands out none), their state, and what a check found.
 */
final class ConnectorViews {
    private ConnectorViews() {
    }

    // ---- JSON ----------------------------------------------------------------------------------------------

    static ObjectNode json(Connector c) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", c.id().toString());
        n.put("provider", c.provider());
        n.put("name", c.name());
        n.put("registry", c.registryHost());
        n.put("builtIn", c.isBuiltIn());
        ObjectNode settings = n.putObject("settings");
        c.settings().forEach(settings::put);
        c.secretFields().forEach(n.putArray("secrets")::add);
        n.put("status", c.state().status().verification().wire());
        text(n, "statusReason", Optional.of(c.state().status().reason()).filter(r -> !r.isEmpty()));
        n.put("access", c.state().access().wire());
        time(n, "expiresAt", c.state().expiresAt());
        time(n, "lastCheckedAt", c.state().lastCheckedAt());
        rateLimit(n, c.state().rateLimit());
        time(n, "createdAt", Optional.of(c.createdAt()));
        time(n, "updatedAt", Optional.of(c.updatedAt()));
        return n;
    }

    static ObjectNode json(ConnectorOutcome o) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.set("connector", json(o.connector()));
        n.put("verified", o.verified());
        if (o.result().isPresent()) {
            CheckResult r = o.result().get();
            ObjectNode check = n.putObject("check");
            check.put("registry", r.registryHost());
            check.put("access", r.access().wire());
            time(check, "expiresAt", r.expiresAt());
            rateLimit(check, r.rateLimit());
            r.notes().forEach(check.putArray("notes")::add);
        } else {
            n.putNull("check");
        }
        if (o.failure().isPresent()) {
            ConnectorCheckException e = o.failure().get();
            ObjectNode f = n.putObject("failure");
            f.put("message", e.getMessage());
            text(f, "field", e.field());
            f.put("kind", e.failure().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        } else {
            n.putNull("failure");
        }
        return n;
    }

    /** {@code rateLimit}: null, or the pulls left of the limit per window and when that was read. */
    private static void rateLimit(ObjectNode n, Optional<RateLimit> limit) {
        if (limit.isEmpty()) {
            n.putNull("rateLimit");
            return;
        }
        RateLimit l = limit.get();
        ObjectNode rl = n.putObject("rateLimit");
        rl.put("limit", l.limit());
        rl.put("remaining", l.remaining());
        rl.put("windowSeconds", l.window().toSeconds());
        rl.put("checkedAt", l.checkedAt().toString());
    }

    private static void text(ObjectNode n, String field, Optional<String> value) {
        if (value.isPresent()) {
            n.put(field, value.get());
        } else {
            n.putNull(field);
        }
    }

    private static void time(ObjectNode n, String field, Optional<Instant> value) {
        text(n, field, value.map(Instant::toString));
    }

    // ---- text ----------------------------------------------------------------------------------------------

    static void list(List<Connector> connectors, PrintWriter out) {
        Table t = new Table("ID", "REGISTRY", "ACCESS", "STATUS", "NAME");
        for (Connector c : connectors) {
            t.row(c.id().toString(), c.registryHost(), c.state().access().wire(),
                    c.state().status().verification().wire(), c.name());
        }
        t.print(out);
    }

    static void show(Connector c, String providerName, PrintWriter out) {
        out.println(c.id() + "  " + c.name());
        Table t = new Table("  provider", c.provider() + " (" + providerName + ")");
        t.row("  registry", c.registryHost());
        t.row("  status", c.state().status().verification().wire() + (c.state().status().reason().isEmpty() ? ""
                : ": " + c.state().status().reason()));
        t.row("  access", c.state().access().wire());
        c.state().expiresAt().ifPresent(e -> t.row("  expires", Table.time(Optional.of(e))));
        t.row("  checked", Table.time(c.state().lastCheckedAt()));
        c.state().rateLimit().ifPresent(l -> t.row("  pulls", l + " (read " + Table.time(Optional.of(l.checkedAt()))
                + ")"));
        for (Map.Entry<String, String> s : c.settings().entrySet()) {
            t.row("  " + s.getKey(), s.getValue().contains("\n") ? "(" + s.getValue().lines().count() + " lines)"
                    : s.getValue());
        }
        if (!c.secretFields().isEmpty()) {
            t.row("  secrets", String.join(", ", c.secretFields()) + " (stored encrypted, never shown)");
        }
        if (!c.isBuiltIn()) {
            t.row("  created", Table.time(Optional.of(c.createdAt())));
            t.row("  updated", Table.time(Optional.of(c.updatedAt())));
        }
        t.print(out);
    }

    /** One line on what the check found, then its notes, then the commands that use the connector. */
    static void outcome(ConnectorOutcome o, String verb, PrintWriter out) {
        Connector c = o.connector();
        if (o.result().isPresent()) {
            CheckResult r = o.result().get();
            List<String> facts = new ArrayList<>();
            facts.add(r.access() == Access.UNKNOWN ? "access unknown" : r.access().wire() + " access");
            r.expiresAt().ifPresent(e -> facts.add("the credential expires " + Table.time(Optional.of(e))));
            r.rateLimit().ifPresent(l -> facts.add(l.toString()));
            out.println("Connector '" + c.name() + "' " + verb + " and verified: " + r.registryHost() + ", "
                    + String.join(", ", facts) + ".");
            r.notes().forEach(note -> out.println("  note: " + note));
        } else {
            out.println("Connector '" + c.name() + "' " + verb + " unverified: " + o.failure()
                    .map(Throwable::getMessage).orElse("it was not checked."));
        }
        out.println("Use it: " + uses(c));
    }

    /** The commands that use a connector; a read-only one is offered as a copy source, not a destination. */
    static String uses(Connector c) {
        String id = c.id().toString();
        String image = c.registryHost() + "/REPO:TAG";
        String copy = c.state().access() == Access.READ_ONLY ? "whittle copy --from-connector " + id + " " + image
                + " DST" : "whittle copy --to-connector " + id + " SRC " + image;
        return "whittle images --connector " + id + " | whittle inspect --connector " + id + " " + image + " | "
                + copy;
    }
}
