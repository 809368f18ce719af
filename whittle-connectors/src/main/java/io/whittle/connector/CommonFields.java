package io.whittle.connector;

/**
 * The fields several providers ask for, under one key each, so that the same thing has the same name in every form
 * and on every command line ({@code --set registry=…}, {@code --secret-stdin token}), and is checked the same way.
 */
public final class CommonFields {
    /** The registry host the credentials are for. */
    public static final String REGISTRY = "registry";
    public static final String USERNAME = "username";
    /** A secret token: a personal access token, an API token, a robot token. */
    public static final String TOKEN = "token";
    public static final String PASSWORD = "password";
    /** The provider's REST API, overridden only for self-hosted installations, private endpoints and tests. */
    public static final String API_URL = "apiUrl";

    private CommonFields() {
    }

    /** A registry-host field: {@code host[:port]} as image references write it. */
    public static Field registryHost(String label, String help) {
        return Field.text(REGISTRY, label).help(help).check(Endpoints.REGISTRY_HOST);
    }

    /** An advanced field overriding a provider's public API: an https URL (plain http only to loopback). */
    public static Field apiUrl(String key, String label, String defaultUrl, String help) {
        return Field.text(key, label).asAdvanced().defaultValue(defaultUrl).help(help).check(Endpoints.API_URL);
    }
}
