package io.whittle.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Json;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.ImageSpec;
import io.whittle.testkit.LayerSpec;
import io.whittle.testkit.Skopeo;
import io.whittle.testkit.TestImage;
import io.whittle.testkit.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the emulator tests share: small test images, a plain HTTP client, skopeo as the reference client. */
final class Fixtures {
    static final ImageFactory FACTORY = ImageFactory.temporary();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Map<String, Path> LAYOUTS = new LinkedHashMap<>();

    private Fixtures() {
    }

    /** A small single-layer image whose content is {@code text}. */
    static TestImage image(String text) {
        return FACTORY.image(ImageSpec.builder(ImageFormat.OCI).cmd("/hello")
                .layer(LayerSpec.builder().file("hello.txt", text)).build());
    }

    /** An OCI layout holding {@link #image(String)} under tag {@code v}, for skopeo to copy from. */
    static synchronized String layout(String text) {
        Path dir = LAYOUTS.computeIfAbsent(text, t -> {
            try {
                Path d = Files.createTempDirectory("whittle-emulator-layout-");
                image(t).writeLayout(d, "v");
                return d;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return Skopeo.oci(dir, "v");
    }

    /** skopeo copies an image (by its content text) to {@code hostPort/repo:tag}. */
    static ToolResult skopeoPush(String text, String hostPort, String repo, String tag, Credentials credentials) {
        return Skopeo.create().copy(layout(text), Skopeo.docker(hostPort, repo, tag),
                Skopeo.CopyOptions.defaults().withDestinationCredentials(Optional.of(credentials)));
    }

    /** A response with its body as text. */
    record Response(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    static Response send(String method, String url, String body, String... headers) {
        return send(HTTP, method, url, body, headers);
    }

    /** Over https to a host whose self-signed certificate {@code tls} trusts. */
    static Response sendTls(javax.net.ssl.SSLContext tls, String method, String url, String body, String... headers) {
        return send(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5)).build(), method, url, body, headers);
    }

    private static Response send(HttpClient client, String method, String url, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Response get(String url, String... headers) {
        return send("GET", url, null, headers);
    }

    /** {@code scope=a&scope=b}, encoded. */
    static String scopes(String... scopes) {
        StringBuilder b = new StringBuilder();
        for (String s : scopes) {
            b.append("&scope=").append(URLEncoder.encode(s, StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A registry request with a bearer token fetched from {@code tokenUrl} using Basic credentials. */
    static String bearer(String tokenUrl, Credentials c) {
        Response r = get(tokenUrl, "Authorization", c.basicAuthorization(), "User-Agent", "whittle-test");
        if (r.status() != 200) {
            throw new AssertionError("token request failed with " + r.status() + ": " + r.body());
        }
        JsonNode n = r.json();
        return n.hasNonNull("token") ? n.get("token").asText() : n.get("access_token").asText();
    }
}
