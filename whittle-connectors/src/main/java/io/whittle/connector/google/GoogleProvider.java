package io.whittle.connector.google;

import static io.whittle.connector.CommonFields.API_URL;
import static io.whittle.connector.CommonFields.REGISTRY;

import io.whittle.connector.BaseProvider;
import io.whittle.connector.CommonFields;
import io.whittle.connector.Connection;
import io.whittle.connector.Endpoints;
import io.whittle.connector.Field;
import io.whittle.connector.FieldProblem;
import io.whittle.connector.FieldValues;
import io.whittle.connector.Form;
import io.whittle.connector.Instructions;
import io.whittle.connector.ProviderContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Google Container Registry ({@code gcr.io}, {@code us.gcr.io}, …) and Artifact Registry
 * ({@code LOCATION-docker.pkg.dev}) with a service-account JSON key. The registry takes the key as {@code _json_key};
 * the Artifact Registry API takes an OAuth2 access token that google-auth-library gets from the key's token URI.
 */
public final class GoogleProvider extends BaseProvider {
    public static final String ID = "gcr";
    static final String KEY = "key";
    static final String REPOSITORY = "repository";
    static final String PROJECT = "project";
    static final String LOCATION = "location";
    static final String TOKEN_URL = "tokenUrl";
    static final String DEFAULT_API = "https://artifactregistry.googleapis.com";
    private static final String AR_SUFFIX = "-docker.pkg.dev";

    private static final Form FORM = Form.of(
            CommonFields.registryHost("Registry host", "gcr.io, us.gcr.io, eu.gcr.io or asia.gcr.io for Container"
                    + " Registry; LOCATION-docker.pkg.dev (e.g. europe-west1-docker.pkg.dev) for Artifact Registry.")
                    .asRequired(),
            Field.multilineSecret(KEY, "Service-account JSON key").asRequired()
                    .help("Paste the whole JSON key file of the service account.")
                    .check(v -> ServiceAccountKey.parse(v).problem()),
            Field.text(REPOSITORY, "Artifact Registry repository")
                    .help("For Artifact Registry: the repository whose images to list (listed through the Artifact"
                            + " Registry API).")
                    .check(v -> v.matches("[a-z]([a-z0-9-]{0,61}[a-z0-9])?") ? Optional.empty()
                            : Optional.of("An Artifact Registry repository name is lowercase letters, digits and"
                            + " hyphens.")),
            Field.text(PROJECT, "Project").asAdvanced()
                    .help("The project of the repository; the key's project by default."),
            Field.text(LOCATION, "Location").asAdvanced()
                    .help("The repository's location, e.g. europe-west1; read from the registry host by default."),
            Field.text(TOKEN_URL, "Token URL").asAdvanced()
                    .help("Only for keys of a Google-compatible service whose token_uri is not Google's: that exact"
                            + " URL, which the key is then allowed to use.").check(Endpoints.API_URL),
            CommonFields.apiUrl(API_URL, "Artifact Registry API URL", DEFAULT_API,
                    "https://artifactregistry.googleapis.com."));

    private static final Instructions INSTRUCTIONS = new Instructions(
            "Connect with the JSON key of a service account that may read (and write) the registry.", List.of(
            "In the Google Cloud console, pick the project that holds your images (Select a project).",
            "Check that billing is enabled for the project (Billing), and enable the Cloud Resource Manager API"
                    + " and the Artifact Registry API (APIs & Services > Library).",
            "Create a service account: IAM & Admin > Service Accounts > Create service account; give it a name"
                    + " such as whittle.",
            "Grant it access. Artifact Registry: the Artifact Registry Reader role on the repository (Writer to"
                    + " push optimized images). Container Registry (gcr.io): Storage Object Viewer on the"
                    + " registry's storage bucket (artifacts.PROJECT.appspot.com; Storage Object Admin to push).",
            "Open the service account > Keys > Add key > Create new key, choose JSON and create it; the key file"
                    + " downloads.",
            "Enter the registry host (e.g. europe-west1-docker.pkg.dev or gcr.io), paste the whole key file, and"
                    + " for Artifact Registry the repository name."), List.of(
            "The key is stored encrypted and sent only to the registry host you entered and to Google's token"
                    + " endpoint; keep its file safe or delete it after pasting.",
            "Container Registry (gcr.io) is being replaced by Artifact Registry; both are supported."));

    public GoogleProvider() {
        super(ID, "Google Container Registry / Artifact Registry", FORM, INSTRUCTIONS, REGISTRY,
                Set.of(REGISTRY, TOKEN_URL, API_URL));
    }

    @Override
    public List<FieldProblem> crossCheck(FieldValues values) {
        List<FieldProblem> out = new ArrayList<>();
        Optional<ServiceAccountKey> key = values.secret(KEY).flatMap(k -> ServiceAccountKey.parse(k.reveal()).key());
        if (key.isPresent()) {
            String uri = key.get().tokenUri();
            boolean allowed = ServiceAccountKey.GOOGLE_TOKEN_URIS.contains(uri)
                    || values.text(TOKEN_URL).map(Endpoints::apiUrl).map(u -> u.toString().equals(
                    Endpoints.apiUrl(uri).toString())).orElse(false);
            if (!allowed) {
                out.add(FieldProblem.of(KEY, "The key's token_uri is not Google's token endpoint, so the key is not"
                        + " sent there: use a key downloaded from Google Cloud, or enter that exact URL as the Token"
                        + " URL if you trust it."));
            }
            if (values.text(REPOSITORY).isPresent() && location(values).isEmpty()) {
                out.add(FieldProblem.of(LOCATION, "The registry host does not tell the repository's location: enter"
                        + " the location, e.g. europe-west1."));
            }
            if (values.text(REPOSITORY).isPresent() && values.text(PROJECT).isEmpty()
                    && key.get().projectId().isEmpty()) {
                out.add(FieldProblem.of(PROJECT, "The key names no project: enter the repository's project."));
            }
        }
        return out;
    }

    /** The location: entered, or read from {@code LOCATION-docker.pkg.dev}. */
    static Optional<String> location(FieldValues values) {
        return values.text(LOCATION).or(() -> values.text(REGISTRY).map(h -> h.toLowerCase(Locale.ROOT))
                .filter(h -> h.endsWith(AR_SUFFIX)).map(h -> h.substring(0, h.length() - AR_SUFFIX.length())));
    }

    @Override
    public Connection connect(FieldValues values, ProviderContext context) {
        String json = values.requireSecret(KEY).reveal();
        ServiceAccountKey key = ServiceAccountKey.parse(json).key().orElseThrow();
        Optional<ArtifactRepository> repository = values.text(REPOSITORY).map(r -> new ArtifactRepository(
                values.text(PROJECT).orElse(key.projectId()), location(values).orElseThrow(), r));
        return new GoogleConnection(context, registryHost(values).orElseThrow(), values.requireSecret(KEY), key,
                repository, Endpoints.apiUrl(FORM.value(values, API_URL).orElseThrow()));
    }

    /** An Artifact Registry repository: {@code projects/P/locations/L/repositories/R}. */
    record ArtifactRepository(String project, String location, String name) {
        String resource() {
            return "projects/" + project + "/locations/" + location + "/repositories/" + name;
        }

        /** The registry path prefix of its images: {@code PROJECT/REPOSITORY/}. */
        String prefix() {
            return project + "/" + name + "/";
        }
    }
}
