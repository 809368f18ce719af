package io.whittle.registry;

import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Manifest;
import io.whittle.registry.auth.Credential;
import io.whittle.registry.auth.Keychain;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.TestImage;
import io.whittle.testkit.TestIndex;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;

/** Clients and pushes for tests against the real registry. */
final class TestSupport {
    private TestSupport() {
    }

    /** Retries quick enough for tests: 3 tries, 10-50 ms apart, Retry-After capped at 3 s, 3 resumes. */
    static RetryPolicy fastRetries() {
        return new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(3), 3);
    }

    static Keychain keychain(String hostPort, Optional<Credentials> creds) {
        return host -> host.equals(hostPort) && creds.isPresent()
                ? new Credential.Basic(creds.get().username(), creds.get().password())
                : Credential.ANONYMOUS;
    }

    static RegistryClient.Builder clientFor(RegistryExtension r) {
        return RegistryClient.builder().keychain(keychain(r.hostPort(), r.credentials())).retries(fastRetries());
    }

    /** Pushes an image's blobs and manifest with Whittle; answers the manifest digest. */
    static Digest push(RegistryRepository repo, TestImage image, Optional<String> tag) throws Exception {
        for (Descriptor d : image.blobs()) {
            try (InputStream in = image.openBlob(d)) {
                repo.putBlob(d, in);
            }
        }
        return repo.pushManifest(image.manifest(), tag);
    }

    /** Pushes every image of an index by digest, then the index. */
    static Digest push(RegistryRepository repo, TestIndex index, Optional<String> tag) throws Exception {
        for (TestImage i : index.images()) {
            push(repo, i, Optional.empty());
        }
        Manifest m = index.manifest();
        return repo.pushManifest(m, tag);
    }
}
