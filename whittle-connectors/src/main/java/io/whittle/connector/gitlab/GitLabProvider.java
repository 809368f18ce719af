package io.whittle.connector.gitlab;

import static io.whittle.connector.CommonFields.REGISTRY;
import static io.whittle.connector.CommonFields.TOKEN;
import static io.whittle.connector.CommonFields.USERNAME;

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
import java.util.List;
import java.util.Set;

/**
 * GitLab's container registry (gitlab.com or self-managed): a user name and a personal access token. Repositories
 * and tags are listed, and tags deleted, through the GitLab REST API (the catalog is for administrators only).
 */
public final class GitLabProvider extends BaseProvider {
    public static final String ID = "gitlab";
    static final String GITLAB_URL = "gitlabUrl";
    static final String DEFAULT_URL = "https://gitlab.com";
    static final String DEFAULT_REGISTRY = "registry.gitlab.com";

    private static final Form FORM = Form.of(
            Field.text(GITLAB_URL, "GitLab URL").defaultValue(DEFAULT_URL)
                    .help("https://gitlab.com, or the address of your own GitLab.").check(Endpoints.API_URL),
            CommonFields.registryHost("Registry host", "registry.gitlab.com, or your GitLab's registry host"
                    + " (Deploy > Container Registry shows it in the image names).").defaultValue(DEFAULT_REGISTRY),
            Field.text(USERNAME, "User name").asRequired().help("Your GitLab user name (not the email address)."),
            Field.secret(TOKEN, "Personal access token").asRequired()
                    .help("A personal access token with read_registry, write_registry and read_api (api to delete"
                            + " tags)."));

    private static final Instructions INSTRUCTIONS = new Instructions(
            "Connect with your GitLab user name and a personal access token.", List.of(
            "Sign in to GitLab and open your avatar > Edit profile > Access tokens (Personal access tokens).",
            "Choose Add new token, name it (e.g. whittle) and set an expiry date.",
            "Select the scopes read_registry and write_registry (pull and push images) and read_api (list"
                    + " projects, repositories and tags); select api instead of read_api to delete tags too.",
            "Create the token and copy it: GitLab shows it only once.",
            "Enter your GitLab user name and the token. For a self-managed GitLab, also enter its URL and its"
                    + " registry host."), List.of(
            "What the token may do is also bounded by your role in each project: Reporter to pull, Developer to"
                    + " push, Maintainer to delete.",
            "Deploy tokens work with the registry but not with the API, so they cannot list repositories."));

    public GitLabProvider() {
        super(ID, "GitLab Container Registry", FORM, INSTRUCTIONS, REGISTRY, Set.of(GITLAB_URL, REGISTRY));
    }

    @Override
    public List<FieldProblem> crossCheck(FieldValues values) {
        boolean customUrl = values.text(GITLAB_URL).filter(u -> !Endpoints.apiUrl(u).toString().equals(DEFAULT_URL))
                .isPresent();
        if (customUrl && values.text(REGISTRY).isEmpty()) {
            return List.of(FieldProblem.of(REGISTRY, "A self-managed GitLab has its own registry host: enter it."));
        }
        return List.of();
    }

    @Override
    public Connection connect(FieldValues values, ProviderContext context) {
        return new GitLabConnection(context, registryHost(values).orElseThrow(),
                Endpoints.apiUrl(FORM.value(values, GITLAB_URL).orElseThrow()), values.text(USERNAME).orElseThrow(),
                values.requireSecret(TOKEN));
    }
}
