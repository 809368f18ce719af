package io.whittle.server.api.registry;

import io.whittle.connector.ConnectorService;
import io.whittle.connector.Provider;
import io.whittle.server.http.Access;
import io.whittle.server.http.ApiProblem;
import io.whittle.server.http.ApiResource;
import io.whittle.server.http.Routes;
import java.util.Objects;
import java.util.Optional;

/** The registries Whittle connects to, with the form each asks for: what a connector form is built from. */
public final class ProviderResource implements ApiResource {
    private static final String TAG = "Providers";

    private final ConnectorService connectors;

    public ProviderResource(ConnectorService connectors) {
        this.connectors = Objects.requireNonNull(connectors, "connectors");
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/providers", Access.READ, doc -> doc.tag(TAG)
                .summary("List the providers")
                .description("Every kind of registry a connector can be made for, in display order, with its form"
                        + " fields and the instructions for getting its credentials.")
                .returnsListOf(ProviderBody.class), (ctx, caller) ->
                ctx.json(connectors.providers().stream().map(ProviderBody::of).toList()));

        routes.get("/api/v1/providers/{id}", Access.READ, doc -> doc.tag(TAG)
                .summary("Show a provider")
                .description("One provider's form fields and instructions.")
                .returns(ProviderBody.class), (ctx, caller) -> {
                    String id = ctx.pathParam("id");
                    Optional<Provider> p = connectors.providers().stream().filter(x -> x.id().equals(id)).findFirst();
                    ctx.json(ProviderBody.of(p.orElseThrow(() -> ApiProblem.notFound("There is no provider '" + id
                            + "': GET /api/v1/providers lists them."))));
                });
    }
}
