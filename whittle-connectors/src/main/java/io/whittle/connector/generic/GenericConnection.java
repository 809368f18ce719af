package io.whittle.connector.generic;

import io.whittle.connector.CommonFields;
import io.whittle.connector.CredentialFields;
import io.whittle.connector.FixedHostConnection;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;

final class GenericConnection extends FixedHostConnection {
    private final Optional<String> username;
    private final Optional<SecretValue> password;
    private final Optional<String> ca;
    private final boolean plainHttp;

    GenericConnection(ProviderContext context, String host, Optional<String> username, Optional<SecretValue> password,
                      Optional<String> ca, boolean plainHttp) {
        super(context, new CredentialFields(password.isPresent() ? CommonFields.PASSWORD : CommonFields.USERNAME,
                username.isPresent() ? "user name and password" : password.isPresent() ? "token" : "anonymous access",
                CommonFields.REGISTRY), host);
        this.username = username;
        this.password = password;
        this.ca = ca;
        this.plainHttp = plainHttp;
    }

    /** A user name and password as Basic; a token alone as a registry token; nothing at all as anonymous. */
    @Override
    protected IssuedCredential issue() {
        if (password.isEmpty()) {
            return IssuedCredential.lasting(Credential.ANONYMOUS);
        }
        if (username.isPresent()) {
            return IssuedCredential.basic(username.get(), password.get());
        }
        return IssuedCredential.lasting(new Credential.RegistryToken(password.get().reveal().strip()));
    }

    @Override
    protected RegistryClient.Builder customize(RegistryClient.Builder builder) {
        if (plainHttp) {
            builder.insecureRegistries(Set.of(registry));
        }
        ca.ifPresent(pem -> builder.sslContext(CaCertificates.context(pem)));
        return builder;
    }

    /** A registry whose catalog is closed (or missing) is still a working connector. */
    @Override
    protected Optional<String> unlistable(AccessException e) {
        if (e.failure() != Failure.DENIED && e.failure() != Failure.UNAUTHORIZED && e.failure() != Failure.NOT_FOUND
                && e.failure() != Failure.UNSUPPORTED) {
            return Optional.empty();
        }
        return Optional.of("The registry does not let these credentials list its repositories: name repositories"
                + " yourself.");
    }

    /** Anonymous access is read-only by nature: no upload is tried. */
    @Override
    protected Access probeAccess(RepositoryPage first, List<String> notes) throws IOException {
        return password.isEmpty() ? Access.READ_ONLY : super.probeAccess(first, notes);
    }
}
