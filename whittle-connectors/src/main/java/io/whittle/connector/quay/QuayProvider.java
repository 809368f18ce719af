package io.whittle.connector.quay;

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
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Red Hat Quay (quay.io or self-hosted): a robot account and its token; optionally an OAuth application token for
 * the REST API (richer listings). Without it the registry's catalog lists what the robot can pull.
 */
public final class QuayProvider extends BaseProvider {
    public static final String ID = "quay";
    static final String ROBOT = "robot";
    static final String API_TOKEN = "apiToken";
    static final String DEFAULT_REGISTRY = "quay.io";

    private static final Form FORM = Form.of(
            Field.text(ROBOT, "Robot account").asRequired()
                    .help("The robot's full name, namespace+robotname, e.g. acme+whittle.")
                    .check(v -> v.matches("[a-z0-9][a-z0-9_.-]*\\+[a-z0-9][a-z0-9_]*") ? Optional.empty()
                            : Optional.of("A robot account is written namespace+name, e.g. acme+whittle, in"
                            + " lowercase.")),
            Field.secret(TOKEN, "Robot token").asRequired().help("The robot account's token."),
            Field.secret(API_TOKEN, "OAuth application token")
                    .help("Optional: a token of an OAuth application in the organization with 'View all visible"
                            + " repositories' and 'Read/Write to any accessible repositories', for listing with"
                            + " sizes and dates and for deleting tags through the API."),
            CommonFields.registryHost("Quay host", "quay.io, or the host of your own Quay installation.")
                    .defaultValue(DEFAULT_REGISTRY));

    private static final Instructions INSTRUCTIONS = new Instructions(
            "Connect with a Quay robot account that has write permission.", List.of(
            "Sign in to Quay (quay.io or your own installation) and open your organization (create one with"
                    + " New Organization if needed).",
            "Create the repositories you want to use under the organization (Create New Repository); private"
                    + " repositories need a paid plan on quay.io.",
            "In the organization, open Robot Accounts and choose Create Robot Account; name it (e.g. whittle).",
            "Give the robot Write permission on each repository Whittle should use (Write includes pull and"
                    + " push; Admin also allows deleting tags).",
            "Open the robot, copy its full name (organization+robot) and its token, and enter both.",
            "Optionally, under Applications create an OAuth application, generate a token with 'View all visible"
                    + " repositories' and 'Read/Write to any accessible repositories', and enter it as the OAuth"
                    + " application token."), List.of(
            "Robots see only the repositories they were given permission on, and never other organizations'.",
            "Write permission is needed to push optimized images back."));

    public QuayProvider() {
        super(ID, "Red Hat Quay", FORM, INSTRUCTIONS, REGISTRY, Set.of(REGISTRY));
    }

    @Override
    public Connection connect(FieldValues values, ProviderContext context) {
        String host = registryHost(values).orElseThrow();
        URI api = URI.create((Endpoints.isLoopback(host) ? "http" : "https") + "://" + host);
        return new QuayConnection(context, host, api, values.text(ROBOT).orElseThrow(), values.requireSecret(TOKEN),
                values.secret(API_TOKEN));
    }
}
