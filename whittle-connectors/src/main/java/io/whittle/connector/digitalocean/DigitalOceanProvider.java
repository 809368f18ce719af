package io.whittle.connector.digitalocean;

import io.whittle.connector.Connection;
import io.whittle.connector.Endpoints;
import io.whittle.connector.Field;
import io.whittle.connector.FieldValues;
import io.whittle.connector.Form;
import io.whittle.connector.Instructions;
import io.whittle.connector.Provider;
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
public final class DigitalOceanProvider implements Provider {
    public static final String ID = "digitalocean";
    static final String TOKEN = "token";
    static final String EXPIRES = "tokenExpires";
    static final String REGISTRY = "registry";
    static final String API_URL = "apiUrl";
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
            Field.text(REGISTRY, "Registry host").asAdvanced().defaultValue(DEFAULT_REGISTRY)
                    .help("registry.digitalocean.com.").check(Endpoints.REGISTRY_HOST),
            Field.text(API_URL, "API URL").asAdvanced().defaultValue(DEFAULT_API)
                    .help("https://api.digitalocean.com.").check(Endpoints.API_URL));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "DigitalOcean Container Registry";
    }

    @Override
    public Form form() {
        return FORM;
    }

    @Override
    public Instructions instructions() {
        return new Instructions("Connect with a DigitalOcean API token that has read and write scopes.", List.of(
                "Sign in to the DigitalOcean control panel and open API (Applications & API) > Tokens.",
                "Choose Generate New Token, name it (e.g. whittle) and choose an expiration.",
                "Give it the Read and Write scopes (with custom scopes: registry read and update), then generate it.",
                "Copy the token now: it is shown only once.",
                "Paste it, and enter the expiration date you chose so that Whittle can remind you before it ends."),
                List.of("A read-only token can inspect images but not push optimized ones.",
                        "Deleted tags free space only after the registry's garbage collection runs."));
    }

    @Override
    public Set<String> destinationSettings() {
        return Set.of(REGISTRY, API_URL);
    }

    @Override
    public Optional<String> registryHost(FieldValues values) {
        return Endpoints.registryHost(FORM.value(values, REGISTRY).orElseThrow());
    }

    @Override
    public Connection connect(FieldValues values, ProviderContext context) {
        return new DigitalOceanConnection(context, registryHost(values).orElseThrow(),
                Endpoints.apiUrl(FORM.value(values, API_URL).orElseThrow()), values.requireSecret(TOKEN),
                values.text(EXPIRES).map(d -> LocalDate.parse(d.strip())));
    }
}
