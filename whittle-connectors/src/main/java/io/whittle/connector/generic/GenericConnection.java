package io.whittle.connector.generic;

import io.whittle.connector.BaseConnection;
import io.whittle.connector.CheckResult;
import io.whittle.connector.IssuedCredential;
import io.whittle.connector.ProviderContext;
import io.whittle.connector.RepositoryPage;
import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import io.whittle.platform.connector.Access;
import io.whittle.platform.secret.SecretValue;
import io.whittle.registry.RegistryClient;
import io.whittle.registry.auth.Credential;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

final class GenericConnection extends BaseConnection {
    private final String host;
    private final Optional<String> username;
    private final Optional<SecretValue> password;
    private final Optional<String> ca;
    private final boolean plainHttp;

    GenericConnection(ProviderContext context, String host, Optional<String> username, Optional<SecretValue> password,
                      Optional<String> ca, boolean plainHttp) {
        super(context);
        this.host = host;
        this.username = username;
        this.password = password;
        this.ca = ca;
        this.plainHttp = plainHttp;
    }

    @Override
    public String registryHost() {
        return host;
    }

    @Override
    protected IssuedCredential issue() {
        if (password.isEmpty()) {
            return IssuedCredential.lasting(Credential.ANONYMOUS);
        }
        String secret = password.get().reveal();
        return IssuedCredential.lasting(username.<Credential>map(u -> new Credential.Basic(u, secret))
                .orElseGet(() -> new Credential.RegistryToken(secret)));
    }

    @Override
    protected String secretField() {
        return password.isPresent() ? GenericProvider.PASSWORD : GenericProvider.USERNAME;
    }

    @Override
    protected String secretLabel() {
        return username.isPresent() ? "user name and password" : password.isPresent() ? "token" : "anonymous access";
    }

    @Override
    protected Optional<String> hostField() {
        return Optional.of(GenericProvider.REGISTRY);
    }

    @Override
    protected RegistryClient.Builder customize(RegistryClient.Builder builder) {
        if (plainHttp) {
            builder.insecureRegistries(Set.of(host));
        }
        ca.ifPresent(pem -> builder.sslContext(CaCertificates.context(pem)));
        return builder;
    }

    /** As the standard check, except that a registry whose catalog is closed is still a working connector. */
    @Override
    public CheckResult check() throws IOException {
        List<String> notes = new ArrayList<>();
        try {
            distribution().ping();
        } catch (AccessException e) {
            throw refusal(e, "sign in to " + host);
        }
        RepositoryPage first;
        try {
            first = repositories(Optional.empty(), 20);
        } catch (AccessException e) {
            if (e.failure() != Failure.DENIED && e.failure() != Failure.UNAUTHORIZED && e.failure() != Failure.NOT_FOUND
                    && e.failure() != Failure.UNSUPPORTED) {
                throw refusal(e, "list repositories");
            }
            notes.add("The registry does not let these credentials list its repositories: name repositories"
                    + " yourself.");
            first = new RepositoryPage(List.of(), Optional.empty());
        }
        Access access = password.isEmpty() ? Access.READ_ONLY : probeAccess(first, notes);
        return new CheckResult(host, access, Optional.empty(), Optional.empty(), notes);
    }
}
