package io.whittle.connector.azure;

import static io.whittle.connector.CommonFields.PASSWORD;
import static io.whittle.connector.CommonFields.USERNAME;

import io.whittle.connector.BaseProvider;
import io.whittle.connector.Connection;
import io.whittle.connector.Endpoints;
import io.whittle.connector.Field;
import io.whittle.connector.FieldValues;
import io.whittle.connector.Form;
import io.whittle.connector.Instructions;
import io.whittle.connector.ProviderContext;
import java.util.List;
import java.util.Set;

/**
 * Azure Container Registry: the login server and a user name with a password: the admin user, a service principal
 * (application id and client secret) or a repository-scoped token. ACR's token service takes all three as HTTP Basic
 * in its documented {@code /oauth2/token} exchange, which the registry client performs.
 */
public final class AzureProvider extends BaseProvider {
    public static final String ID = "acr";
    static final String LOGIN_SERVER = "loginServer";

    private static final Form FORM = Form.of(
            Field.text(LOGIN_SERVER, "Login server").asRequired()
                    .help("The registry's login server, e.g. myregistry.azurecr.io.")
                    .check(Endpoints.REGISTRY_HOST),
            Field.text(USERNAME, "User name").asRequired()
                    .help("The admin user's name, a service principal's application (client) id, or a token's"
                            + " name."),
            Field.secret(PASSWORD, "Password").asRequired()
                    .help("The admin password, the service principal's client secret, or the token's password."));

    private static final Instructions INSTRUCTIONS = new Instructions(
            "Connect with a service principal, a token, or the registry's admin user.", List.of(
            "In the Azure portal, open your container registry; its Overview shows the login server"
                    + " (NAME.azurecr.io).",
            "Recommended: create a service principal (Microsoft Entra ID > App registrations > New registration,"
                    + " then Certificates & secrets > New client secret) and, in the registry's Access control"
                    + " (IAM), give it the AcrPush role (AcrPull for read-only; add AcrDelete to delete tags).",
            "Enter the application (client) id as the user name and the client secret as the password.",
            "Alternatively, under Repository permissions > Tokens create a token with a scope map for the"
                    + " repositories you want, generate a password and enter the token name and password.",
            "Or, under Access keys, enable the Admin user and use its user name and a password (simplest, but it"
                    + " grants everything)."), List.of(
            "Only the admin user and principals with the Owner role may list the registry's repositories;"
                    + " with other credentials, name the repositories yourself.",
            "Listing tags needs the metadata_read permission, which AcrPull and AcrPush include."));

    public AzureProvider() {
        super(ID, "Azure Container Registry", FORM, INSTRUCTIONS, LOGIN_SERVER, Set.of(LOGIN_SERVER));
    }

    @Override
    public Connection connect(FieldValues values, ProviderContext context) {
        return new AzureConnection(context, registryHost(values).orElseThrow(), values.text(USERNAME).orElseThrow(),
                values.requireSecret(PASSWORD));
    }
}
