package io.whittle.server.api.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.whittle.connector.Connection;
import io.whittle.connector.ConnectorService;
import io.whittle.oci.ImageReference;
import io.whittle.oci.Manifest;
import io.whittle.oci.OciException;
import io.whittle.oci.Platform;
import io.whittle.oci.inspect.Inspection;
import io.whittle.oci.inspect.InspectionJson;
import io.whittle.oci.inspect.Inspector;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.server.auth.Principal;
import io.whittle.server.http.Access;
import io.whittle.server.http.ApiProblem;
import io.whittle.server.http.ApiResource;
import io.whittle.server.http.Routes;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * An image through a connector, as {@code whittle inspect -o json} shows it: the response is the very document the
 * CLI prints, built by the same code ({@link InspectionJson}), so the CLI in remote mode prints what it prints
 * locally. Only the manifest and config are read; no layer is fetched. With {@code raw=true}, the manifest's own
 * bytes and media type instead, for {@code whittle inspect --raw}.
 */
public final class ImageResource implements ApiResource {
    static final String REFERENCE = "reference";
    static final String PLATFORM = "platform";
    static final String RAW = "raw";

    private final ConnectorService connectors;
    private final RegistryCalls calls;

    public ImageResource(ConnectorService connectors, RegistryCalls calls) {
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    @Override
    public void register(Routes routes) {
        routes.get(ConnectorResource.PATH + "/{id}/image", Access.READ, doc -> doc.tag(ConnectorResource.TAG)
                .summary("Inspect an image")
                .description("An image's manifest, config, layers and history, or an index's platforms, read through"
                        + " the connector: the document 'whittle inspect -o json' prints (see docs/cli-json.md). Given"
                        + " an index, platform picks the image for that platform.")
                .requiredQuery(REFERENCE, "repo:tag or repo@sha256:… in the connector's registry (the registry"
                        + " host in front is allowed).")
                .query(PLATFORM, "os/arch[/variant]: the image of an index for that platform.")
                .queryBoolean(RAW, "true for the manifest's bytes exactly as the registry stores them, with its media"
                        + " type as the content type ('whittle inspect --raw'), instead of the document.")
                .returns(JsonNode.class)
                .problems(424, 502), this::inspect);
    }

    private void inspect(Context ctx, Principal caller) throws IOException {
        ConnectorId id = ConnectorResource.id(ctx);
        String given = ctx.queryParam(REFERENCE);
        if (given == null || given.isBlank()) {
            throw ApiProblem.badRequest("Name the image with ?reference=, e.g. ?reference=team/app:1.0.");
        }
        Optional<Platform> platform = platform(ctx.queryParam(PLATFORM));
        if (raw(ctx.queryParam(RAW))) {
            Manifest manifest = ConnectorProblems.use(id, () -> {
                Connector c = connectors.show(caller.organization(), id);
                ImageReference ref = reference(c, given);
                try (Connection conn = connectors.open(caller.organization(), id)) {
                    Manifest m = calls.call(id.provider(), () -> Inspector.manifest(
                            conn.registry().repository(ref), ref.identifier(), platform));
                    calls.pulled(id.provider(), m.raw().length);
                    return m;
                }
            });
            ctx.contentType(manifest.mediaType());
            ctx.result(manifest.raw());
            return;
        }
        ObjectNode document = ConnectorProblems.use(id, () -> {
            Connector c = connectors.show(caller.organization(), id);
            ImageReference ref = reference(c, given);
            try (Connection conn = connectors.open(caller.organization(), id)) {
                Inspection inspection = calls.call(id.provider(), () -> Inspector.inspect(
                        conn.registry().repository(ref), ref.toString(), ref.identifier(), platform));
                ObjectNode json = InspectionJson.of(inspection);
                calls.pulled(id.provider(), json.path("manifestSize").asLong() + json.path("config").path("size")
                        .asLong());
                return json;
            }
        });
        ctx.json(document);
    }

    private static ImageReference reference(Connector c, String given) {
        try {
            return ConnectorReference.resolve(c, given);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
    }

    /** The {@code raw} query parameter: false unless it says true. */
    private static boolean raw(String given) {
        if (given == null || given.isBlank() || given.equalsIgnoreCase("false")) {
            return false;
        }
        if (given.equalsIgnoreCase("true")) {
            return true;
        }
        throw ApiProblem.badRequest("raw is true or false, not '" + given + "'.");
    }

    private static Optional<Platform> platform(String given) {
        if (given == null || given.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Platform.parse(given.strip()));
        } catch (OciException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
    }
}
