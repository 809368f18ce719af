package io.whittle.connector.github;

import static io.whittle.connector.CommonFields.API_URL;
import static io.whittle.connector.CommonFields.REGISTRY;
import static io.whittle.connector.CommonFields.TOKEN;
import static io.whittle.connector.CommonFields.USERNAME;

import io.whittle.connector.BaseProvider;
import io.whittle.connector.CommonFields;
import io.whittle.connector.Connection;
import io.whittle.connector.Endpoints;
import io.whittle.connector.Field;
import io.whittle.connector.FieldValues;
import io.whittle.connector.Form;
import io.whittle.connector.Instructions;
import io.whittle.connector.ProviderContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * GitHub Container Registry (ghcr.io): a user name and a classic personal access token; packages are listed and
 * deleted through the GitHub REST API, where a tag is deleted with its package version.
 */
public final class GitHubProvider extends BaseProvider {
    public static final String ID = "ghcr";
    static final String OWNER = "organization";
    static final String DEFAULT_REGISTRY = "ghcr.io";
    static final String DEFAULT_API = "https://api.github.com";

    private static final Form FORM = Form.of(
            Field.text(USERNAME, "GitHub user name").asRequired()
                    .help("The account the token belongs to.")
                    .check(v -> v.matches("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})") ? Optional.empty()
                            : Optional.of("A GitHub user name is letters, digits and hyphens, up to 39 characters.")),
            Field.secret(TOKEN, "Personal access token (classic)").asRequired()
                    .help("A classic token with read:packages, write:packages and delete:packages.")
                    .check(v -> v.chars().anyMatch(Character::isWhitespace)
                            ? Optional.of("The token contains spaces: paste it again, without spaces or line breaks.")
                            : Optional.empty()),
            Field.text(OWNER, "Organization")
                    .help("List this organization's packages instead of your own; leave empty for yours.")
                    .check(v -> v.matches("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})") ? Optional.empty()
                            : Optional.of("An organization name is letters, digits and hyphens.")),
            CommonFields.registryHost("Registry host", "ghcr.io, or your GitHub Enterprise Server's container"
                    + " registry host.").asAdvanced().defaultValue(DEFAULT_REGISTRY),
            CommonFields.apiUrl(API_URL, "API URL", DEFAULT_API, "https://api.github.com, or https://HOST/api/v3 for"
                    + " GitHub Enterprise Server."));

    private static final Instructions INSTRUCTIONS = new Instructions(
            "Connect with your GitHub user name and a classic personal access token.", List.of(
            "Sign in to GitHub and open Settings > Developer settings > Personal access tokens > Tokens (classic).",
            "Choose Generate new token (classic), name it (e.g. whittle) and pick an expiration.",
            "Tick the scopes write:packages (which includes read:packages) and delete:packages; nothing else is"
                    + " needed.",
            "Generate the token and copy it now: GitHub shows it only once.",
            "Enter your GitHub user name and paste the token. To work on an organization's packages, enter the"
                    + " organization too; for a private organization with SAML single sign-on, authorize the"
                    + " token for it (Configure SSO next to the token)."), List.of(
            "Without write:packages the connector is read-only; without delete:packages tags cannot be deleted.",
            "GitHub reports when the token expires; Whittle shows that date and warns before it.",
            "Fine-grained tokens do not work with the container registry yet; use a classic token."));

    public GitHubProvider() {
        super(ID, "GitHub Container Registry", FORM, INSTRUCTIONS, REGISTRY, Set.of(REGISTRY, API_URL));
    }

    @Override
    public Connection connect(FieldValues values, ProviderContext context) {
        return new GitHubConnection(context, registryHost(values).orElseThrow(),
                Endpoints.apiUrl(FORM.value(values, API_URL).orElseThrow()), values.text(USERNAME).orElseThrow(),
                values.requireSecret(TOKEN), values.text(OWNER));
    }
}
