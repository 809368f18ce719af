package io.whittle.connector.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.whittle.connector.ConnectorCheckException;
import io.whittle.connector.CommonFields;
import io.whittle.connector.CredentialFields;
import io.whittle.connector.FixedHostConnection;
import io.whittle.connector.IssuedCredential;
import io.whittle.connector.PageTokens;
import io.whittle.connector.ProviderApi;
import io.whittle.connector.ProviderContext;
import io.whittle.connector.RepositoryInfo;
import io.whittle.connector.RepositoryPage;
import io.whittle.connector.TagInfo;
import io.whittle.connector.TagPage;
import io.whittle.connector.http.GoogleHttpTransport;
import io.whittle.connector.http.ApiJson;
import io.whittle.connector.http.RestResponse;
import io.whittle.connector.google.GoogleProvider.ArtifactRepository;
import io.whittle.oci.AccessException;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.platform.secret.SecretValue;
import io.whittle.registry.auth.Credential;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

final class GoogleConnection extends FixedHostConnection {
    static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

    private final SecretValue json;
    private final ServiceAccountKey key;
    private final Optional<ArtifactRepository> repository;
    private final ProviderApi api;
    private GoogleCredentials oauth;

    GoogleConnection(ProviderContext context, String registry, SecretValue json, ServiceAccountKey key,
                     Optional<ArtifactRepository> repository, URI api) {
        super(context, new CredentialFields(GoogleProvider.KEY, "service-account key of " + key.clientEmail(),
                CommonFields.REGISTRY), registry);
        this.json = json;
        this.key = key;
        this.repository = repository;
        this.api = new ProviderApi(context.rest(), api, req -> req.bearer(accessToken()), this::refusals);
    }

    /** The registry takes the key itself, which lasts until the key is deleted. */
    @Override
    protected IssuedCredential issue() {
        return IssuedCredential.lasting(new Credential.Basic("_json_key", json.reveal()));
    }

    /** An OAuth2 access token for the Artifact Registry API, renewed by google-auth-library before it expires. */
    private synchronized String accessToken() throws IOException {
        try {
            if (oauth == null) {
                oauth = ServiceAccountCredentials.fromStream(new ByteArrayInputStream(json.reveal()
                                .getBytes(StandardCharsets.UTF_8)), () -> new GoogleHttpTransport(context.rest()))
                        .createScoped(List.of(CLOUD_PLATFORM));
            }
            oauth.refreshIfExpired();
            return oauth.getAccessToken().getTokenValue();
        } catch (AccessException e) {
            throw e;
        } catch (IOException e) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof AccessException a) {
                    throw a;
                }
            }
            String m = String.valueOf(e.getMessage());
            String why = m.contains("invalid_grant") ? "Google refused the service-account key (invalid_grant): the"
                    + " key may have been deleted or disabled, or the clock is wrong; create a new key."
                    : m.contains("invalid_scope") ? "Google refused the key for the cloud-platform scope: check the"
                    + " service account." : "Google did not give an access token for the service-account key: check"
                    + " the key and try again.";
            throw new ConnectorCheckException(Failure.UNAUTHORIZED, Optional.of(GoogleProvider.KEY),
                    "get an access token", key.clientEmail(), why, false, null);
        }
    }

    private void refusals(RestResponse r, String method, String operation, String subject) throws AccessException {
        if (r.status() == 401) {
            throw ConnectorCheckException.of(Failure.UNAUTHORIZED, GoogleProvider.KEY, operation, subject,
                    "The Artifact Registry API did not accept the service account's access token: check that the"
                    + " Artifact Registry API is enabled in the project.");
        }
        if (r.status() == 403) {
            throw ConnectorCheckException.of(Failure.DENIED, GoogleProvider.KEY, operation, subject,
                    "The service account " + key.clientEmail() + " may not read " + subject + ": grant it the"
                    + " Artifact Registry Reader role on the repository (Writer to push).");
        }
        if (r.status() == 404) {
            throw ConnectorCheckException.of(Failure.NOT_FOUND, GoogleProvider.REPOSITORY, operation, subject,
                    "Artifact Registry has no repository " + subject + ": check the repository, project and"
                    + " location.");
        }
    }

    private RestResponse dockerImages(ArtifactRepository repo, Optional<String> pageToken, int pageSize)
            throws IOException {
        String query = "/v1/" + repo.resource() + "/dockerImages?pageSize=" + PageTokens.size(pageSize, 1000)
                + (pageToken.isPresent() ? "&pageToken=" + PageTokens.enc(PageTokens.opaque(pageToken.get())) : "");
        return api.getOk("list images", repo.resource(), query, "try again later");
    }

    /** {@code …/dockerImages/IMAGE@sha256:…} → {@code PROJECT/REPO/IMAGE}. */
    private static Optional<String> imagePath(ArtifactRepository repo, JsonNode image) {
        String name = image.path("name").asText("");
        int at = name.lastIndexOf('@');
        int slash = name.lastIndexOf("/dockerImages/");
        if (slash < 0 || at < slash) {
            return Optional.empty();
        }
        String img = URLDecoder.decode(name.substring(slash + "/dockerImages/".length(), at), StandardCharsets.UTF_8);
        return Optional.of(repo.prefix() + img);
    }

    @Override
    protected ConnectorCheckException listingFailure(AccessException e) {
        if (e instanceof ConnectorCheckException c) {
            return c;
        }
        if (e.failure() == Failure.DENIED || e.failure() == Failure.UNAUTHORIZED) {
            return new ConnectorCheckException(Failure.DENIED, Optional.of(GoogleProvider.KEY), "list repositories",
                    registry, "The service account " + key.clientEmail() + " may not list the registry: grant it"
                    + " Storage Object Viewer on the registry's bucket (Container Registry) or Artifact Registry"
                    + " Reader (Artifact Registry).", false, e);
        }
        return super.listingFailure(e);
    }

    /** Artifact Registry's images through its API when a repository is configured; the catalog otherwise. */
    @Override
    public RepositoryPage repositories(Optional<String> pageToken, int pageSize) throws IOException {
        if (repository.isEmpty()) {
            return distribution().catalog(pageToken, pageSize);
        }
        ArtifactRepository repo = repository.get();
        JsonNode body = dockerImages(repo, pageToken, pageSize).json("list images", repo.resource());
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode image : body.path("dockerImages")) {
            imagePath(repo, image).ifPresent(names::add);
        }
        return new RepositoryPage(names.stream().map(RepositoryInfo::named).toList(),
                ApiJson.text(body.path("nextPageToken")));
    }

    @Override
    public TagPage tags(String path, Optional<String> pageToken, int pageSize) throws IOException {
        if (repository.isEmpty() || !path.startsWith(repository.get().prefix())) {
            return distribution().tags(path, pageToken, pageSize, true);
        }
        ArtifactRepository repo = repository.get();
        JsonNode body = dockerImages(repo, pageToken, Math.max(pageSize, 100)).json("list tags", path);
        List<TagInfo> items = new ArrayList<>();
        for (JsonNode image : body.path("dockerImages")) {
            if (!imagePath(repo, image).map(path::equals).orElse(false)) {
                continue;
            }
            String name = image.path("name").asText();
            Optional<Digest> digest = Optional.of(name.substring(name.lastIndexOf('@') + 1)).filter(Digest::isDigest)
                    .map(Digest::parse);
            Optional<Instant> time = ApiJson.instant(image.path("updateTime"))
                    .or(() -> ApiJson.instant(image.path("uploadTime")));
            for (JsonNode t : image.path("tags")) {
                items.add(new TagInfo(t.asText(), digest, ApiJson.text(image.path("mediaType")), List.of(),
                        ApiJson.number(image.path("imageSizeBytes")), time));
            }
        }
        return new TagPage(items, ApiJson.text(body.path("nextPageToken")));
    }
}
