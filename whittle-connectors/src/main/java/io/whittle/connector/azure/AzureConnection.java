package io.whittle.connector.azure;

import io.whittle.connector.BaseConnection;
import io.whittle.connector.CheckResult;
import io.whittle.connector.IssuedCredential;
import io.whittle.connector.ProviderContext;
import io.whittle.connector.RepositoryPage;
import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import io.whittle.platform.connector.Access;
import io.whittle.platform.secret.SecretValue;
import io.whittle.registry.auth.Credential;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class AzureConnection extends BaseConnection {
    private final String loginServer;
    private final String username;
    private final SecretValue password;

    AzureConnection(ProviderContext context, String loginServer, String username, SecretValue password) {
        super(context);
        this.loginServer = loginServer;
        this.username = username;
        this.password = password;
    }

    @Override
    public String registryHost() {
        return loginServer;
    }

    @Override
    protected IssuedCredential issue() {
        return IssuedCredential.lasting(new Credential.Basic(username, password.reveal()));
    }

    @Override
    protected String secretField() {
        return AzureProvider.PASSWORD;
    }

    @Override
    protected String secretLabel() {
        return "user name and password";
    }

    @Override
    protected Optional<String> hostField() {
        return Optional.of(AzureProvider.LOGIN_SERVER);
    }

    /** As the standard check, except that a credential without catalog access (most of them) still works. */
    @Override
    public CheckResult check() throws IOException {
        List<String> notes = new ArrayList<>();
        try {
            distribution().ping();
        } catch (AccessException e) {
            throw refusal(e, "sign in to " + loginServer);
        }
        RepositoryPage first;
        try {
            first = repositories(Optional.empty(), 20);
        } catch (AccessException e) {
            if (e.failure() != Failure.DENIED && e.failure() != Failure.UNAUTHORIZED) {
                throw refusal(e, "list repositories");
            }
            notes.add("These credentials may not list the registry's repositories (only the admin user and the"
                    + " Owner role may): name repositories yourself.");
            first = new RepositoryPage(List.of(), Optional.empty());
        }
        Access access = probeAccess(first, notes);
        return new CheckResult(loginServer, access, Optional.empty(), Optional.empty(), notes);
    }
}
