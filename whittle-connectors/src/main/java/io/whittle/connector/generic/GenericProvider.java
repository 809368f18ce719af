package io.whittle.connector.generic;

import static io.whittle.connector.CommonFields.PASSWORD;
import static io.whittle.connector.CommonFields.REGISTRY;
import static io.whittle.connector.CommonFields.USERNAME;

import io.whittle.connector.BaseProvider;
import io.whittle.connector.Connection;
import io.whittle.connector.Endpoints;
import io.whittle.connector.Field;
import io.whittle.connector.FieldKind;
import io.whittle.connector.FieldProblem;
import io.whittle.connector.FieldValues;
import io.whittle.connector.Form;
import io.whittle.connector.Instructions;
import io.whittle.connector.ProviderContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Any registry speaking the OCI distribution API: Harbor, a self-hosted CNCF distribution, Artifactory, Nexus, Zot.
 * A user name and password, a token alone (sent as a bearer token), or nothing; an optional CA certificate; and an
 * explicit switch for plain http.
 */
public final class GenericProvider extends BaseProvider {
    public static final String ID = "generic";
    static final String CA = "caCertificate";
    static final String PLAIN_HTTP = "allowPlainHttp";

    private static final Form FORM = Form.of(
            Field.text(REGISTRY, "Registry").asRequired()
                    .help("The registry's address, e.g. registry.example.com, registry.example.com:5000 or"
                            + " https://harbor.example.com.")
                    .check(v -> registry(v).isPresent() ? Optional.empty()
                            : Optional.of("Give the registry as host[:port] or https://host[:port], without a path.")),
            Field.text(USERNAME, "User name")
                    .help("Leave empty for anonymous access, or when the registry takes a token on its own."),
            Field.secret(PASSWORD, "Password or token")
                    .help("With a user name: its password or access token. Without: a token sent as it is."),
            Field.of(CA, "CA certificate", FieldKind.MULTILINE_TEXT).asAdvanced()
                    .help("PEM certificate of the private CA that signed the registry's certificate; when given, only"
                            + " this CA is trusted for the registry.")
                    .check(CaCertificates::problem),
            Field.toggle(PLAIN_HTTP, "Allow plain http").asAdvanced()
                    .help("Connect without TLS. Credentials then cross the network readable by anyone on the path:"
                            + " use only on a network you trust."));

    private static final Instructions INSTRUCTIONS = new Instructions(
            "Connect any registry that speaks the OCI distribution API (Harbor, Artifactory, Nexus, Zot, a"
                    + " self-hosted registry).", List.of(
            "Enter the registry's address as image references write it, e.g. registry.example.com:5000.",
            "For a private registry, create a user or robot account for Whittle in the registry's admin console"
                    + " with pull permission (and push permission to write optimized images back).",
            "Harbor: Administration > Robot Accounts > New robot account; give it Pull and Push on the projects"
                    + " you want, and use its name (robot$…) and secret.",
            "Artifactory and Nexus: create an access token or a user, and enter the user name and the token.",
            "If the registry's certificate comes from a private CA, paste that CA's PEM certificate."), List.of(
            "Repositories are listed with the registry's catalog where it allows it; where it does not, name the"
                    + " repository yourself.",
            "Plain http is refused unless you switch it on for this connector; loopback registries always"
                    + " use it."));

    public GenericProvider() {
        super(ID, "Any OCI registry", FORM, INSTRUCTIONS, REGISTRY, Set.of(REGISTRY, CA, PLAIN_HTTP));
    }

    @Override
    public List<FieldProblem> crossCheck(FieldValues values) {
        List<FieldProblem> out = new ArrayList<>();
        Optional<URI> u = values.text(REGISTRY).flatMap(GenericProvider::registry);
        if (u.isPresent() && u.get().getScheme().equals("http") && !values.isOn(PLAIN_HTTP)
                && !Endpoints.isLoopback(u.get().getHost())) {
            out.add(FieldProblem.of(PLAIN_HTTP, "The registry address uses plain http: switch on 'Allow plain http'"
                    + " to connect without TLS, or use https."));
        }
        if (values.text(USERNAME).isPresent() && values.secret(PASSWORD).isEmpty()) {
            out.add(FieldProblem.of(PASSWORD, "A user name needs its password or token."));
        }
        return out;
    }

    @Override
    public Optional<String> registryHost(FieldValues values) {
        return values.text(REGISTRY).flatMap(GenericProvider::registry).map(Endpoints::hostPort);
    }

    @Override
    public Connection connect(FieldValues values, ProviderContext context) {
        URI u = values.text(REGISTRY).flatMap(GenericProvider::registry).orElseThrow();
        return new GenericConnection(context, Endpoints.hostPort(u), values.text(USERNAME),
                values.secret(PASSWORD), values.text(CA), values.isOn(PLAIN_HTTP) || u.getScheme().equals("http"));
    }

    /** {@code host[:port]} or {@code http(s)://host[:port][/]} as a URI with a scheme (https when none is given). */
    static Optional<URI> registry(String value) {
        String v = value.strip();
        String lower = v.toLowerCase(Locale.ROOT);
        String scheme = "https";
        if (lower.startsWith("https://")) {
            v = v.substring(8);
        } else if (lower.startsWith("http://")) {
            v = v.substring(7);
            scheme = "http";
        } else if (lower.contains("://")) {
            return Optional.empty();
        }
        if (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        Optional<String> host = Endpoints.registryHost(v);
        String s = scheme;
        return host.map(h -> URI.create(s + "://" + h));
    }
}
