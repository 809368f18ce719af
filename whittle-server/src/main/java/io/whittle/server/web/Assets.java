package io.whittle.server.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.whittle.server.http.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The pages' static files, read once from the class path: the stylesheet and script of src/main/resources/web, and
 * htmx from its webjar. Only these are served (no directory is exposed). Pages link them with a content hash in the
 * query, so browsers may keep them for long and still never run a stale copy after an upgrade.
 */
public final class Assets {
    private static final String HTMX_WEBJAR = "META-INF/resources/webjars/htmx.org/";

    private record Asset(byte[] bytes, String contentType, String version) {
    }

    private static final Map<String, Asset> ASSETS = load();

    private Assets() {
    }

    /** The URL of asset {@code name} ({@code app.css}, {@code app.js}, {@code htmx.min.js}), versioned. */
    public static String href(String name) {
        Asset a = ASSETS.get(name);
        if (a == null) {
            throw new IllegalArgumentException("there is no web asset " + name);
        }
        return "/assets/" + name + "?v=" + a.version();
    }

    static void register(Routes routes) {
        routes.page(HandlerType.GET, "/assets/{name}", Assets::serve);
    }

    private static void serve(Context ctx) {
        Asset a = ASSETS.get(ctx.pathParam("name"));
        if (a == null) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("There is no such file.");
            return;
        }
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        ctx.contentType(a.contentType());
        ctx.result(a.bytes());
    }

    private static Map<String, Asset> load() {
        Map<String, Asset> m = new LinkedHashMap<>();
        m.put("app.css", asset("web/app.css", "text/css; charset=utf-8"));
        m.put("app.js", asset("web/app.js", "text/javascript; charset=utf-8"));
        m.put("xray.css", asset("web/xray.css", "text/css; charset=utf-8"));
        m.put("xray.js", asset("web/xray.js", "text/javascript; charset=utf-8"));
        m.put("htmx.min.js", asset(HTMX_WEBJAR + htmxVersion() + "/dist/htmx.min.js",
                "text/javascript; charset=utf-8"));
        return Map.copyOf(m);
    }

    private static Asset asset(String path, String type) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the web asset " + path + " is missing from the class path");
            }
            byte[] bytes = in.readAllBytes();
            String version = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 6);
            return new Asset(bytes, type, version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String htmxVersion() {
        try (InputStream in = Assets.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/htmx.org/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the htmx webjar is missing from the class path");
            }
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
