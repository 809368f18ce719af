package io.whittle.connector.dockerhub;

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
import java.util.Optional;
import java.util.Set;

/**
 * Docker Hub: a Docker ID and a personal access token (or an organization access token), an optional organization
 * whose repositories to list. Listing and deleting go through the Hub API; the registry reports the pull rate limit.
 * With no credentials at all it is the anonymous, read-only connector ({@code dockerhub.public}).
 */
public final class DockerHubProvider extends BaseProvider {
    public static final String ID = "dockerhub";
    static final String ORGANIZATION = "organization";
    static final String HUB_URL = "hubUrl";
    static final String DEFAULT_REGISTRY = "docker.io";
    static final String DEFAULT_HUB = "https://hub.docker.com";
    /** Organization access tokens start so; they log in as the organization. */
    static final String ORG_TOKEN_PREFIX = "dckr_oat_";

    private static final String NAME_RULE = "[a-z0-9]{2,255}";

    private static final Form FORM = Form.of(
            Field.text(USERNAME, "Docker ID").asRequired()
                    .help("Your Docker Hub account name (not your email address).")
                    .check(v -> v.toLowerCase(java.util.Locale.ROOT).matches(NAME_RULE) ? Optional.empty()
                            : Optional.of("A Docker ID is 2 or more lowercase letters and digits; use the account"
                            + " name, not the email address.")),
            Field.secret(TOKEN, "Access token").asRequired()
                    .help("A personal access token (Read, Write, Delete), or an organization access token."),
            Field.text(ORGANIZATION, "Organization")
                    .help("The organization whose repositories to use. Without it only your own account's"
                            + " repositories are visible.")
                    .check(v -> v.toLowerCase(java.util.Locale.ROOT).matches(NAME_RULE) ? Optional.empty()
                            : Optional.of("An organization name is lowercase letters and digits.")),
            CommonFields.registryHost("Registry host", "docker.io; change it only for a registry that mirrors"
                    + " Docker Hub's API.").asAdvanced().defaultValue(DEFAULT_REGISTRY),
            CommonFields.apiUrl(HUB_URL, "Hub API URL", DEFAULT_HUB, "https://hub.docker.com."));

    private static final Instructions INSTRUCTIONS = new Instructions(
            "Connect with your Docker ID and an access token.", List.of(
            "Sign in to Docker Hub and open Account settings > Personal access tokens.",
            "Choose Generate new token, describe it (e.g. whittle), pick an expiration and the access"
                    + " permissions Read, Write, Delete (Read-only is enough to inspect; Write to push optimized"
                    + " images; Delete to remove tags).",
            "Copy the token now: Docker Hub shows it only once.",
            "Enter your Docker ID (the account name, not the email) and paste the token.",
            "To work on an organization's repositories, enter the organization's name as well; you must be a"
                    + " member of it. With an organization access token, enter the organization's name: the"
                    + " token logs in as the organization."), List.of(
            "Without an organization, only the repositories of your own account are listed.",
            "An organization access token without the permission to list repositories hides the private ones.",
            "Docker Hub limits pulls; Whittle shows how many are left when it checks the connector."));

    public DockerHubProvider() {
        super(ID, "Docker Hub", FORM, INSTRUCTIONS, REGISTRY, Set.of(REGISTRY, HUB_URL));
    }

    @Override
    public List<FieldProblem> crossCheck(FieldValues values) {
        boolean orgToken = values.secret(TOKEN).map(t -> t.reveal().strip().startsWith(ORG_TOKEN_PREFIX))
                .orElse(false);
        if (orgToken && values.text(ORGANIZATION).isEmpty()) {
            return List.of(FieldProblem.of(ORGANIZATION, "An organization access token logs in as its organization:"
                    + " enter the organization's name."));
        }
        return List.of();
    }

    @Override
    public Connection connect(FieldValues values, ProviderContext context) {
        return new DockerHubConnection(context, registryHost(values).orElseThrow(),
                Endpoints.apiUrl(FORM.value(values, HUB_URL).orElseThrow()), values.text(USERNAME),
                values.secret(TOKEN), values.text(ORGANIZATION).map(o -> o.toLowerCase(java.util.Locale.ROOT)));
    }
}
