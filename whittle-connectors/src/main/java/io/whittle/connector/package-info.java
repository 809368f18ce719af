/**
 * Registry connectors: a user connects a registry once and refers to it by a connector ID from then on.
 *
 * <p>The pieces:
 * <ul>
 *   <li>{@link io.whittle.connector.Provider}, one per package ({@code dockerhub}, {@code ecr}, {@code google},
 *       {@code quay}, {@code github}, {@code digitalocean}, {@code azure}, {@code gitlab}, {@code generic}): its
 *       {@link io.whittle.connector.Form} (fields with kind, validation, help, conditions), its
 *       {@link io.whittle.connector.Instructions}, the settings that decide where credentials go, and how entered
 *       values become a {@link io.whittle.connector.Connection} (credential exchange, listing, tag deletion, the
 *       check).</li>
 *   <li>What providers share is written once: {@link io.whittle.connector.BaseProvider} (id, name, form,
 *       instructions, host field), {@link io.whittle.connector.CommonFields} (the fields several forms ask for),
 *       {@link io.whittle.connector.BaseConnection} and {@link io.whittle.connector.FixedHostConnection} (credential
 *       cache, registry client, the standard check, refusals named by {@link io.whittle.connector.CredentialFields}),
 *       {@link io.whittle.connector.ProviderApi} (one REST API: base URL, authorization, refusals every call maps
 *       alike), {@link io.whittle.connector.ListingPage} and {@link io.whittle.connector.PageTokens} (paging).</li>
 *   <li>{@link io.whittle.connector.ConnectorService}: the verbs front ends call (add, list, show, test, edit,
 *       delete, repositories, tags, delete tag, prepare a repository for a push, keychains), over the platform's
 *       encrypted {@link io.whittle.platform.connector.ConnectorStore}.</li>
 *   <li>{@link io.whittle.connector.ConnectorKeychain}: connectors in the keychain chain, by explicit ID or by exact
 *       registry host.</li>
 *   <li>{@link io.whittle.connector.http.RestClient}: the one HTTP client for provider APIs, also carrying the AWS SDK
 *       ({@link io.whittle.connector.http.AwsHttpClient}) and google-auth-library
 *       ({@link io.whittle.connector.http.GoogleHttpTransport}), so every outbound request obeys the outbound
 *       policy.</li>
 * </ul>
 *
 * <p>Decisions worth knowing:
 * <ul>
 *   <li>Credentials go only to the provider's known hosts or exactly where the user pointed the connector (the
 *       advanced endpoint fields, which are destination settings: changing one requires the secrets again). That is
 *       also how tests point a provider at its emulator; API URLs must be https except on loopback.</li>
 *   <li>Page tokens handed out are page numbers or the provider's own opaque values, never URLs, so a token that
 *       comes back from outside cannot send credentials elsewhere.</li>
 *   <li>The push probe uploads the two-byte OCI empty blob {@code {}} to the first listed repository, because the
 *       registry client has no "open and cancel an upload" operation; providers with a permission API (GitHub
 *       scopes, DigitalOcean's read-write credentials) use that instead.</li>
 *   <li>Google's registry takes the JSON key as {@code _json_key} (it does not expire, unlike an access token,
 *       which the registry client would cache past its life); the key's {@code token_uri} must be Google's or the
 *       exact Token URL the user entered.</li>
 *   <li>Exceptions leaving {@link io.whittle.connector.ConnectorService} have the connector's secrets masked out of
 *       their messages, as a last defence behind messages that never quote them.</li>
 * </ul>
 */
package io.whittle.connector;
