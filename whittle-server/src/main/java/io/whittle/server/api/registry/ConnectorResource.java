package io.whittle.server.api.registry;

import io.javalin.http.Context;
import io.whittle.connector.ConnectorChange;
import io.whittle.connector.ConnectorOutcome;
import io.whittle.connector.ConnectorService;
import io.whittle.connector.FieldValues;
import io.whittle.connector.NewConnector;
import io.whittle.connector.Provider;
import io.whittle.platform.connector.BuiltInConnectorException;
import io.whittle.platform.connector.BuiltInConnectors;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorConflictException;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.connector.InvalidConnectorIdException;
import io.whittle.platform.connector.Page;
import io.whittle.platform.connector.PageRequest;
import io.whittle.registry.net.OutboundPolicy;
import io.whittle.server.auth.Principal;
import io.whittle.server.http.Access;
import io.whittle.server.http.ApiProblem;
import io.whittle.server.http.ApiResource;
import io.whittle.server.http.Bodies;
import io.whittle.server.http.FieldError;
import io.whittle.server.http.PageBody;
import io.whittle.server.http.Pagination;
import io.whittle.server.http.Routes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Connectors: add, list, show, edit, test and delete, behaving as {@code whittle connector} does (the same service
 * verbs, checks and sentences). Secrets go in and never come out: responses name the secret fields that are set.
 * Another organization's connector is not found (404), whatever the caller's role.
 */
public final class ConnectorResource implements ApiResource {
    static final String TAG = "Connectors";
    static final String PATH = "/api/v1/connectors";
    private static final String VERIFY = "verify";

    private final ConnectorService connectors;
    private final DestinationCheck destinations;
    private final RegistryCalls calls;

    /** @param policy the server's outbound policy, which refuses connectors whose destination it would never reach */
    public ConnectorResource(ConnectorService connectors, OutboundPolicy policy, RegistryCalls calls) {
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        this.destinations = new DestinationCheck(policy);
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    @Override
    public void register(Routes routes) {
        routes.get(PATH, Access.READ, doc -> doc.tag(TAG)
                .summary("List the connectors")
                .description("The organization's connectors, oldest first; the first page starts with the built-in"
                        + " ones (dockerhub.public), which every organization has.")
                .returnsPageOf(ConnectorBody.class), this::list);

        routes.post(PATH, Access.WRITE, doc -> doc.tag(TAG)
                .summary("Add a connector")
                .description("Checks the registry's credentials and saves them as a connector; the response holds its"
                        + " ID. Nothing is saved when the check fails (422, with the failing field), unless verify is"
                        + " false: it is then saved unverified, with the reason. A registry host or URL that the"
                        + " server's outbound policy refuses (loopback, private, link-local, metadata addresses, or"
                        + " names resolving to them) is refused with 422.")
                .queryBoolean(VERIFY, "false to save the connector even when its check fails (default true).")
                .body(NewConnectorBody.class)
                .returns(ConnectorOutcomeBody.class)
                .status(201)
                .problems(409), this::add);

        routes.get(PATH + "/{id}", Access.READ, doc -> doc.tag(TAG)
                .summary("Show a connector")
                .description("Its settings, the names of its secrets (never their values), status, access and expiry.")
                .returns(ConnectorBody.class), (ctx, caller) -> {
                    ConnectorId id = id(ctx);
                    ctx.json(ConnectorBody.of(ConnectorProblems.use(id, () -> connectors.show(caller.organization(),
                            id))));
                });

        routes.patch(PATH + "/{id}", Access.WRITE, doc -> doc.tag(TAG)
                .summary("Edit a connector")
                .description("Changes the name, settings or secrets and checks the connector again. A secret left"
                        + " empty keeps the stored one; changing the registry host or URL requires every secret"
                        + " again. Nothing is saved when the check fails, unless verify is false.")
                .queryBoolean(VERIFY, "false to save the change even when the check fails (default true).")
                .body(ConnectorChangeBody.class)
                .returns(ConnectorOutcomeBody.class)
                .problems(409), this::edit);

        routes.post(PATH + "/{id}/test", Access.WRITE, doc -> doc.tag(TAG)
                .summary("Test a connector")
                .description("Checks the saved connector with exactly what is stored (the credential works, listing"
                        + " works, push permission, expiry) and records the outcome. A failing check is answered"
                        + " 200 with verified false and the failure, and the connector is marked failing.")
                .returns(ConnectorOutcomeBody.class), (ctx, caller) -> {
                    ConnectorId id = id(ctx);
                    ConnectorOutcome o = ConnectorProblems.use(id, () -> connectors.test(caller.organization(), id));
                    o.failure().ifPresentOrElse(f -> calls.count(id.provider(), f.failure()),
                            () -> calls.success(id.provider()));
                    ctx.json(ConnectorOutcomeBody.of(o));
                });

        routes.delete(PATH + "/{id}", Access.WRITE, doc -> doc.tag(TAG)
                .summary("Delete a connector")
                .description("Removes the connector and its stored secrets.")
                .status(204), (ctx, caller) -> {
                    ConnectorId id = id(ctx);
                    ConnectorProblems.use(id, () -> {
                        connectors.show(caller.organization(), id);
                        connectors.delete(caller.organization(), id);
                        return null;
                    });
                    ctx.status(204);
                });
    }

    private void list(Context ctx, Principal caller) {
        PageRequest request = Pagination.request(ctx);
        Page<Connector> page;
        try {
            page = connectors.list(caller.organization(), request);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("The cursor is not one this listing gave out: start again without it.");
        }
        List<ConnectorBody> items = new ArrayList<>();
        if (request.cursor().isEmpty()) {
            items.add(ConnectorBody.of(BuiltInConnectors.dockerHubPublic(caller.organization())));
        }
        page.items().forEach(c -> items.add(ConnectorBody.of(c)));
        ctx.json(new PageBody<>(items, page.next()));
    }

    private void add(Context ctx, Principal caller) throws IOException {
        NewConnectorBody body = Bodies.read(ctx, NewConnectorBody.class);
        boolean unverified = !verify(ctx) || body.verify().map(v -> !v).orElse(false);
        NewConnector request = body.request(unverified);
        ConnectorOutcome outcome = ConnectorProblems.change(() -> {
            Provider p = connectors.provider(request.provider());
            refuseDestinations(p, request.values());
            return connectors.add(caller.organization(), new NewConnector(p.id(), request.name(), request.values(),
                    unverified));
        });
        ctx.status(201);
        ctx.header("Location", PATH + "/" + outcome.connector().id());
        ctx.json(ConnectorOutcomeBody.of(outcome));
    }

    private void edit(Context ctx, Principal caller) throws IOException {
        ConnectorId id = id(ctx);
        ConnectorChangeBody body = Bodies.read(ctx, ConnectorChangeBody.class);
        boolean unverified = !verify(ctx) || body.verify().map(v -> !v).orElse(false);
        Connector current = ConnectorProblems.use(id, () -> connectors.show(caller.organization(), id));
        if (current.isBuiltIn()) {
            throw ConnectorProblems.platform(new BuiltInConnectorException(id));
        }
        if (body.version().isPresent() && body.version().get() != current.version()) {
            throw ConnectorProblems.platform(new ConnectorConflictException(id, body.version().get(),
                    current.version()));
        }
        ConnectorChange change = body.change(current, unverified);
        ConnectorOutcome outcome = ConnectorProblems.change(() -> {
            Provider p = connectors.provider(current.provider());
            refuseDestinations(p, FieldValues.of(change.settings(), change.secrets()));
            return connectors.edit(caller.organization(), id, change);
        });
        ctx.json(ConnectorOutcomeBody.of(outcome));
    }

    /** 422 when the values pass the form but name a destination the outbound policy refuses. */
    private void refuseDestinations(Provider p, FieldValues values) {
        if (!p.form().validate(values).isEmpty()) {
            return; // the service reports the form's problems, field by field
        }
        List<FieldError> refused = destinations.problems(p, values);
        if (!refused.isEmpty()) {
            throw Bodies.invalid(refused);
        }
    }

    /** The {@code verify} query parameter: true unless it says false. */
    private static boolean verify(Context ctx) {
        String v = ctx.queryParam(VERIFY);
        if (v == null || v.isBlank() || v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw ApiProblem.badRequest("verify is true or false, not '" + v + "'.");
    }

    /** The connector ID of the path; a malformed one is a 400 that shows the expected form. */
    static ConnectorId id(Context ctx) {
        try {
            return ConnectorId.parse(ctx.pathParam("id").strip());
        } catch (InvalidConnectorIdException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
    }
}
