package io.whittle.server.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Calls the pages over real HTTP as a browser without scripts would: it keeps cookies, follows no redirects (tests
 * look at them), and posts forms url-encoded or as multipart with a file. It reads the CSRF token from the last page's
 * forms, as a form would send it.
 */
final class PageClient {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    record Page(int status, String location, String body, java.net.http.HttpHeaders headers) {
        Page expect(int expected) {
            if (status != expected) {
                throw new AssertionError("answered " + status + ", expected " + expected + ": " + location + " "
                        + body);
            }
            return this;
        }

        String csrf() {
            Matcher m = CSRF.matcher(body);
            if (!m.find()) {
                throw new AssertionError("no CSRF field on the page: " + body);
            }
            return m.group(1);
        }
    }

    private final URI base;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;

    PageClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    CookieManager cookies() {
        return cookies;
    }

    Page get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), Map.of());
    }

    Page get(String path, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), headers);
    }

    Page getHtmx(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), Map.of("HX-Request", "true"));
    }

    /** Posts {@code fields} url-encoded, as a form does. */
    Page post(String path, Map<String, String> fields) {
        return post(path, fields, Map.of());
    }

    Page post(String path, Map<String, String> fields, Map<String, String> headers) {
        String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    /** Posts {@code fields} and the files ({@code name → content}) as multipart/form-data. */
    Page postMultipart(String path, Map<String, String> fields, Map<String, String> files) {
        String boundary = "----whittle" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                .append(k).append("\"\r\n\r\n").append(v).append("\r\n"));
        files.forEach((k, v) -> sb.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                .append(k).append("\"; filename=\"key.json\"\r\nContent-Type: application/json\r\n\r\n").append(v)
                .append("\r\n"));
        sb.append("--").append(boundary).append("--\r\n");
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type",
                "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(
                out.toByteArray())), Map.of());
    }

    /** Signs in on the sign-in page, as a person does. */
    PageClient signIn(String username, String password) {
        Page form = get("/signin").expect(200);
        post("/signin", Map.of("csrf", form.csrf(), "username", username, "password", password, "next", "/registries"))
                .expect(303);
        return this;
    }

    static Map<String, String> form(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private Page send(HttpRequest.Builder b, Map<String, String> headers) {
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Page(r.statusCode(), r.headers().firstValue("Location").orElse(""), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
