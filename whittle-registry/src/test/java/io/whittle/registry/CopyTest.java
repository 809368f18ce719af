package io.whittle.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.oci.Platform;
import io.whittle.oci.transfer.CopyOptions;
import io.whittle.oci.transfer.CopyResult;
import io.whittle.oci.transfer.ImageCopier;
import io.whittle.oci.transfer.PlatformChoice;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.Skopeo;
import io.whittle.testkit.TestIndex;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The repository as the copier's source and target: registry to registry, then mounts within one registry. */
class CopyTest {
    @RegisterExtension
    static final RegistryExtension SOURCE = RegistryExtension.basic("src", "src-pw");
    @RegisterExtension
    static final RegistryExtension TARGET = RegistryExtension.token("dst", "dst-pw").onHost("127.0.0.2");

    @Test
    void copiesAWholeIndexWithItsDigestAndMountsWithinTheTarget() throws Exception {
        try (ImageFactory factory = ImageFactory.temporary();
             RegistryClient c = RegistryClient.builder()
                     .keychain(io.whittle.registry.auth.Keychain.chain(
                             TestSupport.keychain(SOURCE.hostPort(), SOURCE.credentials()),
                             TestSupport.keychain(TARGET.hostPort(), TARGET.credentials())))
                     // the test issuer listens on 127.0.0.1, another host than the target's 127.0.0.2
                     .trustRealm(TARGET.hostPort(), TARGET.issuer().config().host())
                     .retries(TestSupport.fastRetries()).build()) {
            TestIndex index = factory.multiPlatform(ImageFormat.OCI, "copy", Platform.of("linux", "amd64"),
                    Platform.of("linux", "arm64", "v8"), Platform.of("linux", "s390x"));
            index.push(SOURCE.url(), "team/app", "v1", SOURCE.credentials());
            ImageCopier copier = new ImageCopier(CopyOptions.defaults().withPlatforms(new PlatformChoice.All()));

            RegistryRepository from = c.repository(SOURCE.hostPort(), "team/app");
            RegistryRepository to = c.repository(TARGET.hostPort(), "mirror/app");
            CopyResult first = copier.copy(from, "v1", to, Optional.of("v1"));
            assertThat(first.digest()).isEqualTo(index.digest());
            assertThat(first.blobsCopied()).isPositive();
            assertThat(Skopeo.create().digest(Skopeo.docker(TARGET.hostPort(), "mirror/app", "v1"), TARGET.credentials()))
                    .isEqualTo(index.digest());

            // The registry vouches for what it holds: the same tag again writes nothing, another tag only itself.
            CopyResult again = copier.copy(from, "v1", to, Optional.of("v1"));
            assertThat(again.blobsCopied()).isZero();
            assertThat(again.bytesSent()).isZero();
            assertThat(again.manifestsWritten()).isZero();
            assertThat(again.blobsSkipped()).isEqualTo(first.blobs());
            CopyResult retag = copier.copy(from, "v1", to, Optional.of("v2"));
            assertThat(retag.manifestsWritten()).isEqualTo(1);
            assertThat(retag.blobsSkipped()).isEqualTo(first.blobs());
            assertThat(to.completeTag("v2")).contains(index.digest());
            assertThat(to.completeTag("absent")).isEmpty();
            assertThat(to.holdsComplete(index.descriptor())).isTrue();

            RegistryRepository sibling = c.repository(TARGET.hostPort(), "mirror/sibling");
            CopyResult mounted = copier.copy(to, "v1", sibling, Optional.of("v1"));
            assertThat(mounted.blobsMounted()).isEqualTo(first.blobsCopied());
            assertThat(mounted.blobsCopied()).isZero();
            assertThat(sibling.manifest("v1").digest()).isEqualTo(index.digest());
        }
    }
}
