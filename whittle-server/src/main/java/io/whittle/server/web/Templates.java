package io.whittle.server.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The web UI's templates (src/main/jte), compiled into the server jar at build time by the jte Maven plugin, so a
 * template that does not type-check fails the build and nothing is compiled at run time. Output is HTML with every
 * value escaped for where it lands (text, attribute, URL).
 */
final class Templates {
    static final String PACKAGE = "io.whittle.server.web.templates";

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Templates.class.getClassLoader(), PACKAGE);

    /** Renders {@code template} (e.g. {@code "registries.jte"}) with its named parameters. */
    String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        engine.render(template, params, out);
        return out.toString();
    }

    /** Renders {@code template} as the response, with {@code status}. */
    void respond(Context ctx, int status, String template, Map<String, Object> params) {
        String html = render(template, params);
        ctx.status(status);
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(html);
    }
}
