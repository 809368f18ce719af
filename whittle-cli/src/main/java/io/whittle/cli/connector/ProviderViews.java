package io.whittle.cli.connector;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.connector.Choice;
import io.whittle.connector.Field;
import io.whittle.connector.FieldKind;
import io.whittle.connector.Instructions;
import io.whittle.connector.Provider;
import io.whittle.oci.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How {@code whittle providers} prints providers: their forms and the instructions for getting a credential. */
final class ProviderViews {
    private ProviderViews() {
    }

    // ---- JSON ----------------------------------------------------------------------------------------------

    static ObjectNode json(Provider p) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", p.id());
        n.put("name", p.displayName());
        ArrayNode fields = n.putArray("fields");
        p.form().fields().forEach(f -> fields.add(json(f)));
        Instructions i = p.instructions();
        ObjectNode in = n.putObject("instructions");
        in.put("summary", i.summary());
        i.steps().forEach(in.putArray("steps")::add);
        i.notes().forEach(in.putArray("notes")::add);
        return n;
    }

    static ObjectNode json(Field f) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("key", f.key());
        n.put("label", f.label());
        n.put("kind", kind(f.kind()));
        n.put("required", f.required());
        n.put("advanced", f.advanced());
        n.put("help", f.help());
        if (f.defaultValue().isPresent()) {
            n.put("default", f.defaultValue().get());
        } else {
            n.putNull("default");
        }
        ArrayNode choices = n.putArray("choices");
        for (Choice c : f.choices()) {
            ObjectNode cn = choices.addObject();
            cn.put("value", c.value());
            cn.put("label", c.label());
            cn.put("deprecated", c.deprecated());
        }
        if (f.shownWhen().isPresent()) {
            ObjectNode w = n.putObject("shownWhen");
            w.put("field", f.shownWhen().get().key());
            f.shownWhen().get().values().stream().sorted().forEach(w.putArray("values")::add);
        } else {
            n.putNull("shownWhen");
        }
        return n;
    }

    /** How JSON names a kind: {@code text}, {@code secret}, {@code multiline-secret}, {@code choice}, … */
    static String kind(FieldKind k) {
        return k.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    // ---- text ----------------------------------------------------------------------------------------------

    static void list(List<Provider> providers, PrintWriter out) {
        Table t = new Table("ID", "NAME", "FIELDS");
        for (Provider p : providers) {
            List<String> fields = new ArrayList<>();
            for (Field f : p.form().fields()) {
                if (!f.advanced()) {
                    fields.add(f.key() + (f.required() ? "*" : "") + (f.secret() ? " (secret)" : ""));
                }
            }
            t.row(p.id(), p.displayName(), String.join(", ", fields));
        }
        t.print(out);
        out.println();
        out.println("* required. 'whittle providers show ID' lists every field and how to get the credentials.");
    }

    static void show(Provider p, PrintWriter out) {
        out.println(p.displayName() + " (" + p.id() + ")");
        out.println();
        out.println("Fields (--set KEY=VALUE; secrets with --secret-stdin KEY or --secret-file KEY=PATH):");
        for (Field f : p.form().fields()) {
            out.println("  " + f.key() + "  (" + String.join(", ", traits(f)) + ")");
            out.println("      " + f.label() + (f.help().isEmpty() ? "" : ". " + f.help()));
        }
        Instructions i = p.instructions();
        out.println();
        out.println("How to get the credentials:");
        out.println("  " + i.summary());
        for (int n = 0; n < i.steps().size(); n++) {
            out.println("  " + (n + 1) + ". " + i.steps().get(n));
        }
        if (!i.notes().isEmpty()) {
            out.println();
            out.println("Notes:");
            i.notes().forEach(note -> out.println("  - " + note));
        }
        out.println();
        out.println("Add one:");
        out.println("  " + example(p));
    }

    private static List<String> traits(Field f) {
        List<String> t = new ArrayList<>();
        t.add(kind(f.kind()).replace('-', ' '));
        if (f.required()) {
            t.add(f.shownWhen().map(c -> "required when " + c.key() + " is " + String.join(" or ",
                    c.values().stream().sorted().toList())).orElse("required"));
        } else {
            f.shownWhen().ifPresent(c -> t.add("used when " + c.key() + " is " + String.join(" or ",
                    c.values().stream().sorted().toList())));
        }
        if (f.advanced()) {
            t.add("advanced");
        }
        if (!f.choices().isEmpty()) {
            t.add("one of " + String.join(", ", f.choices().stream()
                    .map(c -> c.value() + (c.deprecated() ? " (deprecated)" : "")).toList()));
        }
        f.defaultValue().ifPresent(d -> t.add("default " + d));
        return t;
    }

    /** The command that adds a connector with the required fields (those shown by default). */
    static String example(Provider p) {
        StringBuilder s = new StringBuilder("whittle connector add " + p.id() + " --name NAME");
        boolean stdinUsed = false;
        for (Field f : p.form().fields()) {
            if (!f.required() || !shownByDefault(p, f)) {
                continue;
            }
            if (!f.secret()) {
                s.append(" --set ").append(f.key()).append("=").append(f.key().toUpperCase(Locale.ROOT));
            } else if (!stdinUsed && f.kind() == FieldKind.SECRET) {
                s.append(" --secret-stdin ").append(f.key());
                stdinUsed = true;
            } else {
                s.append(" --secret-file ").append(f.key()).append("=PATH");
            }
        }
        return s + (stdinUsed ? " < SECRET-FILE" : "");
    }

    private static boolean shownByDefault(Provider p, Field f) {
        Optional<Field.Condition> c = f.shownWhen();
        if (c.isEmpty()) {
            return true;
        }
        return p.form().field(c.get().key()).flatMap(Field::defaultValue).map(c.get().values()::contains)
                .orElse(false);
    }
}
