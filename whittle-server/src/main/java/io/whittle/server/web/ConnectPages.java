package io.whittle.server.web;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.whittle.connector.ConnectorChange;
import io.whittle.connector.ConnectorCheckException;
import io.whittle.connector.ConnectorOutcome;
import io.whittle.connector.ConnectorService;
import io.whittle.connector.Field;
import io.whittle.connector.FieldKind;
import io.whittle.connector.FieldProblem;
import io.whittle.connector.FieldValues;
import io.whittle.connector.InvalidFieldsException;
import io.whittle.connector.NewConnector;
import io.whittle.connector.Provider;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorConflictException;
import io.whittle.platform.connector.DuplicateConnectorNameException;
import io.whittle.platform.connector.SecretRequiredException;
import io.whittle.platform.secret.SecretValue;
import io.whittle.server.api.registry.DestinationCheck;
import io.whittle.server.api.registry.RegistryCalls;
import io.whittle.server.http.Access;
import io.whittle.server.http.ApiProblem;
import io.whittle.server.http.FieldError;
import io.whittle.server.http.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Connecting a registry: the nine providers as cards, then the chosen provider's form with its own step-by-step
 * instructions beside the fields. Saving runs the same checks as the API and the CLI (the form's validation, the
 * server's outbound policy, the provider's check of the credential) and shows each failure next to the field it
 * concerns; the connector page that follows shows the connector ID. Editing uses the same form with the secrets
 * left empty: an empty secret keeps the stored one, and no stored secret is ever written into the page.
 */
final class ConnectPages {
    /** The largest JSON key or certificate file accepted. */
    private static final int MAX_FILE = 64 * 1024;

    private final ConnectorService connectors;
    private final DestinationCheck destinations;
    private final RegistryCalls calls;

    ConnectPages(ConnectorService connectors, DestinationCheck destinations, RegistryCalls calls) {
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        this.destinations = Objects.requireNonNull(destinations, "destinations");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    void register(PageRoutes pages) {
        pages.get("/registries/new", (ctx, viewer) -> {
            Routes.check(viewer.principal(), Access.WRITE);
            Map<String, Object> p = new HashMap<>();
            p.put("page", Page.of("Connect a new registry", "connect", viewer, ctx.path()));
            p.put("providers", connectors.providers());
            pages.templates().respond(ctx, 200, "providers.jte", p);
        });
        pages.get("/registries/new/{provider}", (ctx, viewer) -> {
            Routes.check(viewer.principal(), Access.WRITE);
            Provider p = provider(ctx);
            form(pages, ctx, viewer, 200, newForm(p, "", FieldValues.empty(), Map.of(), Optional.empty(), false));
        });
        pages.post("/registries/new/{provider}", (ctx, viewer) -> {
            Routes.check(viewer.principal(), Access.WRITE);
            add(pages, ctx, viewer, provider(ctx));
        });
        pages.get("/registries/{id}/edit", (ctx, viewer) -> {
            Routes.check(viewer.principal(), Access.WRITE);
            Connector c = connectors.show(viewer.principal().organization(), RegistryPages.id(ctx));
            refuseBuiltIn(c);
            Provider p = connectors.provider(c.provider());
            FieldValues stored = FieldValues.of(c.settings(), Map.of());
            form(pages, ctx, viewer, 200, editForm(p, c, c.name(), stored, Map.of(), Optional.empty(), false));
        });
        pages.post("/registries/{id}/edit", (ctx, viewer) -> {
            Routes.check(viewer.principal(), Access.WRITE);
            Connector c = connectors.show(viewer.principal().organization(), RegistryPages.id(ctx));
            refuseBuiltIn(c);
            edit(pages, ctx, viewer, c);
        });
    }

    private void add(PageRoutes pages, Context ctx, Viewer viewer, Provider p) throws IOException {
        String name = Optional.ofNullable(ctx.formParam("name")).orElse("").strip();
        boolean unverified = ctx.formParam("unverified") != null;
        FieldValues values = read(ctx, p, Map.of());
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<String> formError = Optional.empty();
        if (name.isEmpty()) {
            errors.put("name", "Give the connector a name you will recognise, such as work or team-prod.");
        }
        errors.putAll(problems(p, values));
        if (errors.isEmpty()) {
            try {
                ConnectorOutcome o = connectors.add(viewer.principal().organization(),
                        new NewConnector(p.id(), name, values, unverified));
                count(o);
                PageRoutes.redirect(ctx, "/registries/" + o.connector().id() + "?saved");
                return;
            } catch (InvalidFieldsException e) {
                e.problems().forEach(x -> put(errors, p, x));
            } catch (ConnectorCheckException e) {
                calls.count(p.id(), e.failure());
                formError = checkFailed(errors, p, e);
            } catch (DuplicateConnectorNameException e) {
                errors.put("name", e.getMessage());
            } catch (IllegalArgumentException e) {
                formError = Optional.of(e.getMessage());
            }
        }
        formError = formError.or(() -> general(errors));
        form(pages, ctx, viewer, 422, newForm(p, name, values, errors, formError, unverified));
    }

    private void edit(PageRoutes pages, Context ctx, Viewer viewer, Connector c) throws IOException {
        Provider p = connectors.provider(c.provider());
        String name = Optional.ofNullable(ctx.formParam("name")).orElse("").strip();
        boolean unverified = ctx.formParam("unverified") != null;
        long version = parseVersion(ctx.formParam("version"), c.version());
        FieldValues values = read(ctx, p, Map.of());
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<String> formError = Optional.empty();
        if (name.isEmpty()) {
            errors.put("name", "Give the connector a name you will recognise, such as work or team-prod.");
        }
        errors.putAll(destinationProblems(p, values));
        if (errors.isEmpty()) {
            ConnectorChange change = new ConnectorChange(version, Optional.of(name), values.settings(),
                    values.secrets(), new TreeSet<>(), unverified);
            try {
                ConnectorOutcome o = connectors.edit(viewer.principal().organization(), c.id(), change);
                count(o);
                PageRoutes.redirect(ctx, "/registries/" + c.id() + "?saved");
                return;
            } catch (InvalidFieldsException e) {
                e.problems().forEach(x -> put(errors, p, x));
            } catch (ConnectorCheckException e) {
                calls.count(p.id(), e.failure());
                formError = checkFailed(errors, p, e);
            } catch (SecretRequiredException e) {
                e.fields().forEach(f -> errors.put(f, "Enter this again: the connector's destination changes, and a"
                        + " stored secret is only ever sent where it was entered for."));
            } catch (DuplicateConnectorNameException e) {
                errors.put("name", e.getMessage());
            } catch (ConnectorConflictException e) {
                formError = Optional.of("Someone changed this connector since you opened this page: open it again"
                        + " to see the change, then make yours.");
            } catch (IllegalArgumentException e) {
                formError = Optional.of(e.getMessage());
            }
        }
        formError = formError.or(() -> general(errors));
        form(pages, ctx, viewer, 422, editForm(p, c, name, values, errors, formError, unverified));
    }

    private void count(ConnectorOutcome o) {
        o.failure().ifPresentOrElse(f -> calls.count(o.connector().provider(), f.failure()),
                () -> calls.success(o.connector().provider()));
    }

    /** The form's own validation and the outbound policy, before anything is sent to a registry. */
    private Map<String, String> problems(Provider p, FieldValues values) {
        Map<String, String> errors = new LinkedHashMap<>();
        p.form().validate(values).forEach(x -> put(errors, p, x));
        p.crossCheck(values).forEach(x -> put(errors, p, x));
        if (errors.isEmpty()) {
            errors.putAll(destinationProblems(p, values));
        }
        return errors;
    }

    private Map<String, String> destinationProblems(Provider p, FieldValues values) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (p.form().validate(values).isEmpty()) {
            for (FieldError e : destinations.problems(p, values)) {
                errors.putIfAbsent(e.field().filter(f -> p.form().field(f).isPresent()).orElse(""), e.message());
            }
        }
        return errors;
    }

    /** A failed check: next to its field when it names one, else for the whole form; with what to do about it. */
    private static Optional<String> checkFailed(Map<String, String> errors, Provider p, ConnectorCheckException e) {
        Optional<String> field = e.field().filter(f -> p.form().field(f).isPresent());
        if (field.isPresent()) {
            errors.put(field.get(), e.getMessage());
            return Optional.of("The registry did not accept this: see the field marked below. Fix it, or tick"
                    + " \"Save without verifying\" to keep it as it is.");
        }
        return Optional.of(sentence(e.getMessage())
                + " Fix it, or tick \"Save without verifying\" to keep it as it is.");
    }

    private static void put(Map<String, String> errors, Provider p, FieldProblem x) {
        errors.putIfAbsent(x.field().filter(f -> p.form().field(f).isPresent()).orElse(""), x.message());
    }

    /** The error that belongs to no field, shown at the top of the form. */
    private static Optional<String> general(Map<String, String> errors) {
        if (errors.containsKey("")) {
            return Optional.of(errors.get(""));
        }
        return errors.isEmpty() ? Optional.empty()
                : Optional.of("Some fields need attention: see the messages next to them.");
    }

    /**
     * The values the form sent, for the fields shown for them: plain fields as settings, secret fields as secrets
     * (a JSON key or certificate may come as an uploaded file, which wins over pasted text).
     */
    private static FieldValues read(Context ctx, Provider p, Map<String, String> base) throws IOException {
        SortedMap<String, String> settings = new TreeMap<>(base);
        SortedMap<String, SecretValue> secrets = new TreeMap<>();
        for (Field f : p.form().fields()) {
            String v = ctx.formParam(f.key());
            if (f.kind() == FieldKind.MULTILINE_SECRET || f.kind() == FieldKind.MULTILINE_TEXT) {
                Optional<String> file = file(ctx, f.key() + "-file");
                if (file.isPresent()) {
                    v = file.get();
                }
            }
            if (f.kind() == FieldKind.SWITCH && v != null) {
                v = "true"; // unticked sends nothing: the switch's default, off
            }
            if (v == null || v.isBlank()) {
                continue;
            }
            if (f.secret()) {
                secrets.put(f.key(), SecretValue.of(f.kind() == FieldKind.SECRET ? v.strip() : v));
            } else {
                settings.put(f.key(), v.strip());
            }
        }
        FieldValues all = FieldValues.of(settings, secrets);
        SortedMap<String, String> shownSettings = new TreeMap<>();
        SortedMap<String, SecretValue> shownSecrets = new TreeMap<>();
        for (Field f : p.form().fields()) {
            if (p.form().shown(f, all)) {
                all.text(f.key()).ifPresent(v -> shownSettings.put(f.key(), v));
                all.secret(f.key()).ifPresent(v -> shownSecrets.put(f.key(), v));
            }
        }
        return FieldValues.of(shownSettings, shownSecrets);
    }

    private static Optional<String> file(Context ctx, String name) throws IOException {
        if (!Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return Optional.empty();
        }
        UploadedFile f = ctx.uploadedFile(name);
        if (f == null || f.size() == 0) {
            return Optional.empty();
        }
        if (f.size() > MAX_FILE) {
            throw ApiProblem.badRequest("The file " + f.filename() + " is larger than a key or certificate can be:"
                    + " choose the right file.");
        }
        try (InputStream in = f.content()) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private FormView newForm(Provider p, String name, FieldValues values, Map<String, String> errors,
                             Optional<String> formError, boolean unverified) {
        return new FormView(p.id(), p.displayName(), "/registries/new/" + p.id(), false, name,
                Optional.ofNullable(errors.get("name")), fields(p, values, errors, List.of()), p.instructions(),
                formError, unverified, 0);
    }

    private FormView editForm(Provider p, Connector c, String name, FieldValues values, Map<String, String> errors,
                              Optional<String> formError, boolean unverified) {
        return new FormView(p.id(), p.displayName(), "/registries/" + c.id() + "/edit", true, name,
                Optional.ofNullable(errors.get("name")), fields(p, values, errors, List.copyOf(c.secretFields())),
                p.instructions(), formError, unverified, c.version());
    }

    /** The fields as drawn: plain values as entered, secrets always empty. */
    private static List<FormView.FieldView> fields(Provider p, FieldValues values, Map<String, String> errors,
                                                   List<String> storedSecrets) {
        List<FormView.FieldView> out = new ArrayList<>();
        for (Field f : p.form().fields()) {
            // Text fields show their default as a placeholder, so that saving the form unchanged stores nothing new.
            boolean text = f.kind() == FieldKind.TEXT || f.kind() == FieldKind.MULTILINE_TEXT;
            String value = f.secret() ? "" : text ? values.text(f.key()).orElse("")
                    : p.form().value(values, f.key()).orElse("");
            List<FormView.Option> choices = f.choices().stream().map(c -> new FormView.Option(c.value(),
                    c.label() + (c.deprecated() ? " (deprecated)" : ""), c.value().equals(value))).toList();
            out.add(new FormView.FieldView(f.key(), f.label(), kind(f.kind()), f.required(), f.advanced(), f.help(),
                    value, choices, Optional.ofNullable(errors.get(f.key())), !p.form().shown(f, values),
                    f.shownWhen().map(Field.Condition::key),
                    String.join(" ", f.shownWhen().map(c -> new TreeSet<>(c.values())).orElse(new TreeSet<>())),
                    storedSecrets.contains(f.key()), text ? f.defaultValue().orElse("") : ""));
        }
        return out;
    }

    private static String kind(FieldKind k) {
        return k.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void form(PageRoutes pages, Context ctx, Viewer viewer, int status, FormView form) {
        Map<String, Object> p = new HashMap<>();
        String title = form.edit() ? "Edit " + form.name() : "Connect " + form.providerName();
        p.put("page", Page.of(title, form.edit() ? "registries" : "connect", viewer, ctx.path()));
        p.put("form", form);
        pages.templates().respond(ctx, status, "connect.jte", p);
    }

    private Provider provider(Context ctx) {
        String id = ctx.pathParam("provider");
        return connectors.providers().stream().filter(x -> x.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("There is no provider '" + id + "': pick one on the Connect"
                        + " a new registry page."));
    }

    private static void refuseBuiltIn(Connector c) {
        if (c.isBuiltIn()) {
            throw ApiProblem.conflict("The built-in connector " + c.id() + " comes with Whittle and cannot be"
                    + " changed: connect Docker Hub with your own account instead.");
        }
    }

    private static long parseVersion(String given, long current) {
        try {
            return given == null ? current : Long.parseLong(given.strip());
        } catch (NumberFormatException e) {
            return current;
        }
    }

    private static String sentence(String m) {
        String s = m == null ? "" : m.strip();
        return s.isEmpty() || s.endsWith(".") ? s : s + ".";
    }
}
