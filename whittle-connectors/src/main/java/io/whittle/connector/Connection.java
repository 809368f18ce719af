package io.whittle.connector;

import io.whittle.registry.RegistryClient;
import java.io.IOException;
import java.util.Optional;

/**
 * A provider account in use: its registry credentials and what the provider offers beyond the registry API
 * (listing, deleting tags, telling what the credential may do). Made by {@link Provider#connect}; thread-safe;
 * close it when done.
 *
 * <p>Every failure is an {@link io.whittle.oci.AccessException} whose message is one sentence; a
 * {@link ConnectorCheckException} also names the form field it concerns.
 */
public interface Connection extends AutoCloseable {

    /** The registry host the credentials are for, exactly as image references write it. */
    String registryHost() throws IOException;

    /** The registry credential, exchanged from the stored fields when needed and renewed before it expires. */
    IssuedCredential credential() throws IOException;

    /**
     * Proves the connection works: the credential is accepted, listing works (or says which permission is missing),
     * push permission is known where the provider can tell, and expiry and rate limits are read where it reports
     * them.
     */
    CheckResult check() throws IOException;

    /** One page of the repositories the credential can see; {@code pageToken} is a previous page's next token. */
    RepositoryPage repositories(Optional<String> pageToken, int pageSize) throws IOException;

    /** One page of a repository's tags, with digest, platforms, size and date where the provider gives them. */
    TagPage tags(String repository, Optional<String> pageToken, int pageSize) throws IOException;

    /** Deletes one tag, the way the provider allows (its API, or the registry's). */
    void deleteTag(String repository, String tag) throws IOException;

    /**
     * Makes sure a push to {@code repository} can land, before it starts: nothing for registries that create a
     * repository on its first push (most); ECR, which refuses a push to a repository that does not exist, creates
     * it.
     *
     * @throws ConnectorCheckException when the repository is missing and the credential may not create it
     */
    default void prepareRepository(String repository) throws IOException {
    }

    /** A registry client whose keychain answers this connection's credential for {@link #registryHost()}. */
    RegistryClient registry() throws IOException;

    @Override
    void close() throws IOException;
}
