package io.whittle.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Json;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Uploads blobs and manifests to a registry with the JDK's HTTP client, independent of Whittle's own registry
 * client, so tests can seed registries without the code under test. Handles Basic and the Bearer token dance
 * (a GET to the realm with Basic credentials and the push scope).
 */
final class SeedPusher {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final String base;
    private final String repository;
    private final Optional<Credentials> credentials;
    private Optional<String> authorization = Optional.empty();

    SeedPusher(String registryBaseUrl, String repository, Optional<Credentials> credentials) {
        String b = registryBaseUrl.endsWith("/") ? registryBaseUrl.substring(0, registryBaseUrl.length() - 1)
                : registryBaseUrl;
        if (!b.startsWith("http://") && !b.startsWith("https://")) {
            throw new IllegalArgumentException("'" + registryBaseUrl + "' is not a registry URL: use http://host:port");
        }
        if (repository.isEmpty() || repository.startsWith("/") || repository.contains(":")) {
            throw new IllegalArgumentException("'" + repository + "' is not a repository name such as team/app");
        }
        this.base = b;
        this.repository = repository;
        this.credentials = credentials;
    }

    /** Uploads a blob unless the registry has it: POST to open an upload, then one PUT streaming the file. */
    void pushBlob(Descriptor d, Path file) {
        String blobUrl = base + "/v2/" + repository + "/blobs/" + d.digest();
        HttpResponse<String> head = send(() -> HttpRequest.newBuilder(URI.create(blobUrl))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        if (head.statusCode() == 200) {
            return;
        }
        HttpResponse<String> post = send(() -> HttpRequest.newBuilder(URI.create(base + "/v2/" + repository
                + "/blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()));
        expect(post, 202, "open an upload for " + d.digest());
        String location = post.headers().firstValue("Location").orElseThrow(() -> new TestkitException(
                "the registry opened an upload for " + d.digest() + " without a Location header"));
        URI upload = URI.create(base + "/").resolve(location);
        String sep = upload.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(upload + sep + "digest=" + URLEncoder.encode(d.digest().toString(), StandardCharsets.UTF_8));
        HttpResponse<String> done = send(() -> HttpRequest.newBuilder(put)
                .header("Content-Type", "application/octet-stream")
                .PUT(ofFile(file)));
        expect(done, 201, "upload blob " + d.digest());
    }

    /** PUTs a manifest under a tag or digest and returns the digest of the bytes sent. */
    Digest pushManifest(String reference, String mediaType, byte[] bytes) {
        HttpResponse<String> r = send(() -> HttpRequest.newBuilder(URI.create(base + "/v2/" + repository
                        + "/manifests/" + reference))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        // Quay answers 202 Accepted to a manifest PUT; like 201, it means the manifest is stored.
        expect(r, r.statusCode() == 202 ? 202 : 201, "put manifest " + repository + ":" + reference);
        return Digest.sha256(bytes);
    }

    private static HttpRequest.BodyPublisher ofFile(Path file) {
        try {
            return HttpRequest.BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new TestkitException("blob file " + file + " is missing: was the factory's directory deleted?", e);
        }
    }

    private HttpResponse<String> send(Supplier<HttpRequest.Builder> request) {
        HttpResponse<String> r = once(request);
        if (r.statusCode() == 401) {
            // First contact, or a token that expired during a long push: (re)authorise once.
            authorization = Optional.of(authorize(r));
            r = once(request);
        }
        if (r.statusCode() == 401) {
            throw new TestkitException("the registry refused " + r.request().method() + " " + r.request().uri().getPath()
                    + " with 401: check the credentials given to push");
        }
        return r;
    }

    private HttpResponse<String> once(Supplier<HttpRequest.Builder> request) {
        HttpRequest.Builder b = request.get().timeout(TIMEOUT);
        authorization.ifPresent(a -> b.header("Authorization", a));
        HttpRequest built = b.build();
        try {
            return HTTP.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TestkitException(built.method() + " " + built.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestkitException("interrupted during " + built.method() + " " + built.uri(), e);
        }
    }

    private String authorize(HttpResponse<String> unauthorized) {
        String challenge = unauthorized.headers().firstValue("WWW-Authenticate").orElseThrow(() -> new TestkitException(
                "the registry answered 401 without a WWW-Authenticate challenge"));
        Credentials c = credentials.orElseThrow(() -> new TestkitException("the registry at " + base
                + " requires authentication: pass credentials to push"));
        String scheme = challenge.trim().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        if (scheme.equals("basic")) {
            return c.basicAuthorization();
        }
        if (!scheme.equals("bearer")) {
            throw new TestkitException("the registry asks for '" + scheme + "' authentication, which push does not"
                    + " speak: use a NONE, BASIC or TOKEN registry");
        }
        Map<String, String> params = challengeParams(challenge);
        String realm = Optional.ofNullable(params.get("realm")).orElseThrow(() -> new TestkitException(
                "the Bearer challenge has no realm: " + challenge));
        StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
        Optional.ofNullable(params.get("service")).ifPresent(s -> url.append("service=")
                .append(URLEncoder.encode(s, StandardCharsets.UTF_8)).append('&'));
        url.append("scope=").append(URLEncoder.encode("repository:" + repository + ":pull,push", StandardCharsets.UTF_8));
        HttpRequest tokenRequest = HttpRequest.newBuilder(URI.create(url.toString())).timeout(Duration.ofSeconds(30))
                .header("Authorization", c.basicAuthorization()).GET().build();
        try {
            HttpResponse<String> r = HTTP.send(tokenRequest, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new TestkitException("the token server " + realm + " answered " + r.statusCode()
                        + ": check the credentials given to push");
            }
            JsonNode body = Json.MAPPER.readTree(r.body());
            String token = body.path("token").asText(body.path("access_token").asText(""));
            if (token.isEmpty()) {
                throw new TestkitException("the token server " + realm + " answered without a token");
            }
            return "Bearer " + token;
        } catch (IOException e) {
            throw new TestkitException("could not get a token from " + realm + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestkitException("interrupted while getting a token", e);
        }
    }

    private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))");

    static Map<String, String> challengeParams(String challenge) {
        Map<String, String> out = new LinkedHashMap<>();
        int space = challenge.indexOf(' ');
        Matcher m = PARAM.matcher(space < 0 ? "" : challenge.substring(space + 1));
        while (m.find()) {
            out.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
        }
        return out;
    }

    private static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            String body = r.body() == null ? "" : r.body().strip();
            throw new TestkitException("could not " + what + ": the registry answered " + r.statusCode()
                    + (body.isEmpty() ? "" : " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body)));
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new TestkitException("blob file " + file + " is unreadable: " + e.getMessage(), e);
        }
    }
}
