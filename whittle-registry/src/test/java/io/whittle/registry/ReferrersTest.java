package io.whittle.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.Json;
import io.whittle.oci.Manifest;
import io.whittle.oci.MediaType;
import io.whittle.testkit.FaultProxy;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.TestImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Referrers on a registry without the referrers API (distribution 2.8): the fallback tag scheme. */
class ReferrersTest {
    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.noAuth();

    private static final String SBOM = "application/vnd.example.sbom+json";
    private static final String SIG = "application/vnd.example.signature";

    /** An artifact manifest: empty config, one empty layer, an artifact type and a subject. */
    private static Manifest artifact(String artifactType, Descriptor subject, String note) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("schemaVersion", 2);
        n.put("mediaType", MediaType.OCI_MANIFEST);
        n.put("artifactType", artifactType);
        n.set("config", Json.toJson(Descriptor.of(MediaType.OCI_EMPTY, "{}".getBytes())));
        n.putArray("layers").add(Json.toJson(Descriptor.of(MediaType.OCI_EMPTY, "{}".getBytes())));
        n.set("subject", Json.toJson(subject));
        n.putObject("annotations").put("note", note);
        return Manifest.parse(Json.bytes(n), Optional.of(MediaType.OCI_MANIFEST));
    }

    @Test
    void recordsAndListsReferrersThroughTheFallbackTag() throws Exception {
        try (ImageFactory factory = ImageFactory.temporary();
             FaultProxy proxy = FaultProxy.start(REGISTRY.url());
             RegistryClient c = TestSupport.clientFor(REGISTRY).build()) {
            TestImage image = factory.smallImage(ImageFormat.OCI, "subject");
            RegistryRepository repo = c.repository(proxy.hostPort(), "app/signed");
            TestSupport.push(repo, image, Optional.of("v1"));
            Descriptor empty = Descriptor.of(MediaType.OCI_EMPTY, "{}".getBytes());
            repo.putBlob(empty, new ByteArrayInputStream("{}".getBytes()));

            assertThat(repo.referrers(image.digest(), Optional.empty()).manifests()).isEmpty();

            Manifest sbom = artifact(SBOM, image.descriptor(), "sbom");
            Manifest sig = artifact(SIG, image.descriptor(), "signature");
            repo.pushManifest(sbom, Optional.empty());
            repo.pushManifest(sig, Optional.empty());
            repo.pushManifest(sig, Optional.empty()); // twice: recorded once

            IndexManifest all = repo.referrers(image.digest(), Optional.empty());
            assertThat(all.manifests()).extracting(Descriptor::digest).containsExactly(sbom.digest(), sig.digest());
            assertThat(all.manifests().getFirst().artifactType()).contains(SBOM);
            assertThat(all.manifests().getFirst().annotations()).isEqualTo(Map.of("note", "sbom"));

            IndexManifest onlySboms = repo.referrers(image.digest(), Optional.of(SBOM));
            assertThat(onlySboms.manifests()).extracting(Descriptor::digest).containsExactly(sbom.digest());

            String tag = "sha256-" + image.digest().hex();
            assertThat(repo.tags()).contains(tag);
            assertThat(proxy.requests("GET", "/v2/app/signed/referrers/.+")).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.status()).isEqualTo(404));
            assertThat(proxy.requests("GET", "/v2/app/signed/manifests/" + tag)).isNotEmpty();
        }
    }

    @Test
    void theFallbackTagFollowsTheSpecsSchema() {
        Digest d = Digest.sha256("x".getBytes());
        assertThat(ReferrersLister.fallbackTag(d)).isEqualTo("sha256-" + d.hex());
        Digest long512 = Digest.of(Digest.Algorithm.SHA512, "x".getBytes());
        assertThat(ReferrersLister.fallbackTag(long512)).isEqualTo("sha512-" + long512.hex().substring(0, 64));
    }
}
