package io.whittle.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.testkit.Credentials;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.ImageSpec;
import io.whittle.testkit.LayerSpec;
import io.whittle.testkit.Skopeo;
import io.whittle.testkit.TestImage;
import io.whittle.testkit.TokenIssuer.Access;
import io.whittle.testkit.TokenIssuer.Grant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces every emulator is built from: scopes, pagination tokens, and the streaming registry front. */
class SharedPiecesTest {

    @Test
    void scopesGrantTheIntersectionOfWhatIsAskedAndWhatIsAllowed() {
        List<Access> got = Scopes.allowed(List.of(Grant.repository("team/*", "pull"), Grant.repository("team/app",
                "push")), List.of(Access.parseScope("repository:team/app:pull,push,delete"),
                Access.parseScope("repository:other/x:pull"), Access.parseScope("repository:team/lib:pull,push")));
        assertThat(got).containsExactly(Access.repository("team/app", "pull", "push"), Access.repository("other/x"),
                Access.repository("team/lib", "pull"));
    }

    @Test
    void paginationTokensOnlyWorkForTheirOwnListing() {
        String token = Pages.token("repos/acme", 40);
        assertThat(Pages.offset("repos/acme", token)).isEqualTo(40);
        assertThatThrownBy(() -> Pages.offset("repos/other", token)).isInstanceOf(Call.BadRequest.class);
        assertThatThrownBy(() -> Pages.offset("repos/acme", "%%%")).isInstanceOf(Call.BadRequest.class);
        Pages.Page<Integer> last = Pages.slice(List.of(1, 2, 3), 2, 2);
        assertThat(last.items()).containsExactly(3);
        assertThat(last.hasNext()).isFalse();
    }

    @Test
    void theFrontStreamsALargeLayerBothWaysAndRecordsEveryRequest(@TempDir Path temp) throws java.io.IOException {
        try (DigitalOceanEmulator dox = DigitalOceanEmulator.start("big")) {
            String token = dox.apiToken(Set.of("read", "write"), Optional.empty());
            TestImage big = Fixtures.FACTORY.image(ImageSpec.builder(ImageFormat.OCI)
                    .layer(LayerSpec.random(24L << 20, 7)).build());
            big.writeLayout(temp.resolve("layout"), "v");
            Skopeo.create().copy(Skopeo.oci(temp.resolve("layout"), "v"), Skopeo.docker(dox.registryHostPort(),
                    "big/blob", "v"), Skopeo.CopyOptions.defaults().withDestinationCredentials(
                    Optional.of(Credentials.of(token, token))));
            Skopeo.create().copy(Skopeo.docker(dox.registryHostPort(), "big/blob", "v"),
                    Skopeo.oci(temp.resolve("back"), "v"), Skopeo.CopyOptions.defaults().withSourceCredentials(
                            Optional.of(Credentials.of(token, token))));
            assertThat(Files.size(temp.resolve("back/blobs/sha256").resolve(big.testLayers().getFirst()
                    .descriptor().digest().hex()))).isEqualTo(big.testLayers().getFirst().descriptor().size());
            assertThat(dox.requests("registry")).anySatisfy(r -> assertThat(r.method()).isEqualTo("PUT"));
            assertThat(dox.requests("registry").toString()).doesNotContain(token);
        }
    }
}
