package io.whittle.server.api.system;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.whittle.server.http.ApiProblem;
import io.whittle.server.http.ApiResource;
import io.whittle.server.http.Csp;
import io.whittle.server.http.Json;
import io.whittle.server.http.Routes;
import io.whittle.server.openapi.OpenApiDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The API's own description: the OpenAPI document, built once from every route {@link Routes} registered (so it
 * lists exactly what is served), and Swagger UI to browse it, served from the swagger-ui webjar on the class path.
 * Register it last, after every other resource.
 */
public final class ApiDocsResource implements ApiResource {
    private static final String TAG = "API document";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    /** The webjar files the page uses, and their content types; nothing else is served from it. */
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png");

    private static final String SCRIPT = """
            window.onload = () => {
              window.ui = SwaggerUIBundle({url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true,
                  withCredentials: true});
            };
            """;

    private static final String PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Whittle API</title>
            <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
            <link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
            <body><div id="swagger-ui"></div>
            <script src="/api/docs/swagger-ui-bundle.js"></script>
            <script>%s</script></body></html>
            """.formatted(SCRIPT);

    private static final String CSP = "default-src 'self'; script-src 'self' " + Csp.scriptHash(SCRIPT) + "; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";

    private final String version;
    private volatile byte[] document;

    /** {@code version} is the server's, written into the document's info. */
    public ApiDocsResource(String version) {
        this.version = Objects.requireNonNull(version, "version");
    }

    @Override
    public void register(Routes routes) {
        routes.open(HandlerType.GET, "/api/openapi.json", d -> d.tag(TAG).summary("The OpenAPI document")
                .description("This API in OpenAPI 3.1.").produces("application/json"), ctx -> {
                    ctx.contentType("application/json");
                    ctx.result(document(routes));
                });
        routes.open(HandlerType.GET, "/api/docs", d -> d.tag(TAG).summary("Swagger UI")
                .description("Browse and try the API; requests use the browser's session.").produces("text/html"),
                ctx -> {
                    ctx.header("Content-Security-Policy", CSP);
                    ctx.contentType("text/html; charset=utf-8");
                    ctx.result(PAGE);
                });
        routes.open(HandlerType.GET, "/api/docs/{asset}", d -> d.tag(TAG).summary("Swagger UI's files")
                .description("The stylesheet, script and icon of the Swagger UI page.")
                .produces("application/octet-stream"), this::asset);
    }

    /** The document, built on first use: by then every resource has registered its routes. */
    public byte[] document(Routes routes) {
        byte[] d = document;
        if (d == null) {
            ObjectNode doc = OpenApiDocument.build(routes.routes(), version);
            try {
                d = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            document = d;
        }
        return d;
    }

    private void asset(Context ctx) throws IOException {
        String name = ctx.pathParam("asset");
        String type = ASSETS.get(name);
        InputStream in = type == null ? null : ApiDocsResource.class.getClassLoader()
                .getResourceAsStream(WEBJAR + SwaggerUi.VERSION + "/" + name);
        if (in == null) {
            throw ApiProblem.notFound("There is no file '" + name + "' in the API browser.");
        }
        try (in) {
            ctx.header("Cache-Control", "public, max-age=86400");
            ctx.contentType(type);
            ctx.result(in.readAllBytes());
        }
    }


    /** The version of the swagger-ui webjar on the class path, which names its resource directory. */
    private static final class SwaggerUi {
        static final String VERSION = read();

        private static String read() {
            try (InputStream in = ApiDocsResource.class.getClassLoader()
                    .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
                if (in == null) {
                    return "missing";
                }
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "missing");
            } catch (IOException e) {
                return "missing";
            }
        }
    }
}
