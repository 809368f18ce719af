/**
 * A client for the OCI distribution API.
 *
 * <p>{@link io.whittle.registry.RegistryClient} (one per process) hands out
 * {@link io.whittle.registry.RegistryRepository}s, which implement the copy interfaces
 * {@link io.whittle.oci.transfer.ImageSource} and {@link io.whittle.oci.transfer.ImageTarget}. Each registry operation
 * is one small package-private class ({@code ManifestPuller}, {@code BlobPusher}, {@code TagLister}'s
 * {@code NameLister}, …) that describes a request; {@code RegistryCaller} is the single place that sends it, owning
 * headers, credentials, redirects, retries, timeouts and the mapping of error answers to
 * {@link io.whittle.registry.RegistryException}.
 *
 * <p>Decisions worth knowing:
 * <ul>
 *   <li>Loopback registries and those listed as insecure are spoken to over plain http straight away (no https
 *       attempt first, which would cost a failed handshake per registry); a loopback registry that answers plain
 *       http with "use HTTPS" is then reached over https. Everything else is https only, so credentials cross
 *       plain http only to loopback or explicitly insecure registries.</li>
 *   <li>A token realm gets the registry's credentials only over https (or http when the registry itself is
 *       reached over http) and on the registry's own host or a known auth host of that provider; any other realm is
 *       still asked for a token, anonymously, so public content keeps working, and a refusal then says why no
 *       credentials were sent.</li>
 *   <li>Uploads are monolithic by default (POST, then one PUT with the body). A failed upload from a reopenable
 *       {@link io.whittle.registry.BlobContent} starts over in a new session; one from a plain stream (the
 *       {@code ImageTarget} form) cannot, and fails with a retryable exception so that the copier can start over
 *       from its source.</li>
 *   <li>The total timeout bounds exchanges with bounded bodies; blob bodies are bounded by the read timeout
 *       (and request bodies by the same period without progress), so a large blob may take as long as it keeps
 *       moving.</li>
 * </ul>
 */
package io.whittle.registry;
