package io.whittle.connector.digitalocean;

import static io.whittle.connector.CommonFields.API_URL;
import static io.whittle.connector.CommonFields.REGISTRY;
import static io.whittle.connector.CommonFields.TOKEN;

import io.whittle.connector.BaseProvider;
import io.whittle.connector.CommonFields;
import io.whittle.connector.Connection;
import io.whittle.connector.Endpoints;
import io.whittle.connector.Field;
import io.whittle.connector.FieldValues;
import io.whittle.connector.Form;
import io.whittle.connector.Instructions;
import io.whittle.connector.ProviderContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * DigitalOcean Container Registry: an API token with read and write scopes, exchanged for registry credentials
 * through the API ({@code docker-credentials}); listing and deleting through the API too.
 */
public final class DigitalOceanProvider extends BaseProvider {
    public static final String ID = "digitalocean";
    static final String EXPIRES = "tokenExpires";
    static final String DEFAULT_REGISTRY = "registry.digitalocean.com";
    static final String DEFAULT_API = "https://api.digitalocean.com";

    private static final Form FORM = Form.of(
            Field.secret(TOKEN, "API token").asRequired()
                    .help("A personal access token with the read and write scopes."),
            Field.text(EXPIRES, "Token expires on")
                    .help("The expiration date you chose for the token (YYYY-MM-DD), so that Whittle can remind you;"
                            + " leave empty for a token that does not expire.")
                    .check(v -> {
                        try {
                            LocalDate.parse(v.strip());
                            return Optional.empty();
                        } catch (DateTimeParseException e) {
                            return Optional.of("Give the date as YYYY-MM-DD, e.g. 2026-12-31.");
                        }
                    }),
            CommonFields.registryHost("Registry host", "registry.digitalocean.com.").asAdvanced()
                    .defaultValue(DEFAULT_REGISTRY),
            CommonFields.apiUrl(API_URL, "API URL", DEFAULT_API, "https://api.digitalocean.com."));

    private static final Instructions INSTRUCTIONS = new Instructions(
            "Connect with a DigitalOcean API token that has read and write scopes.", List.of(
            "Sign in to the DigitalOcean control panel and open API (Applications & API) > Tokens.",
            "Choose Generate New Token, name it (e.g. whittle) and choose an expiration.",
            "Give it the Read and Write scopes (with custom scopes: registry read and update), then generate it.",
            "Copy the token now: it is shown only once.",
            "Paste it, and enter the expiration date you chose so that Whittle can remind you before it ends."),
            List.of("A read-only token can inspect images but not push optimized ones.",
                    "Deleted tags free space only after the registry's garbage collection runs."));

    public DigitalOceanProvider() {
        super(ID, "DigitalOcean Container Registry", FORM, INSTRUCTIONS, REGISTRY, Set.of(REGISTRY, API_URL));
    }

    @Override
    public Connection connect(FieldValues values, ProviderContext context) {
        return new DigitalOceanConnection(context, registryHost(values).orElseThrow(),
                Endpoints.apiUrl(FORM.value(values, API_URL).orElseThrow()), values.requireSecret(TOKEN),
                values.text(EXPIRES).map(d -> LocalDate.parse(d.strip())));
    }
}
