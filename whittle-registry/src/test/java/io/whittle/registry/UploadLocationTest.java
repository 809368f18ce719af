package io.whittle.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.oci.AccessException;
import java.net.URI;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.junit.jupiter.api.Test;

/** Upload session URLs as registries hand them out: relative or absolute, with or without their own query. */
class UploadLocationTest {
    private static final URI POST = URI.create("http://127.0.0.1:5000/v2/team/app/blobs/uploads/");
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    private static URI location(String header) throws AccessException {
        BasicClassicHttpResponse raw = new BasicClassicHttpResponse(202);
        if (header != null) {
            raw.setHeader("Location", header);
        }
        Request req = new Request("push blob", "x", "POST", POST, null);
        return BlobPusher.location(new Response(raw, new HttpPost(POST), POST, Watchdog.NONE, req), "x");
    }

    @Test
    void resolvesARelativeLocationAgainstTheRequest() throws Exception {
        URI u = location("/v2/team/app/blobs/uploads/4b1e?_state=abc%3D%3D");
        assertThat(u.toString()).isEqualTo("http://127.0.0.1:5000/v2/team/app/blobs/uploads/4b1e?_state=abc%3D%3D");
        assertThat(Repo.withQuery(u, "digest", DIGEST).toString())
                .isEqualTo("http://127.0.0.1:5000/v2/team/app/blobs/uploads/4b1e?_state=abc%3D%3D&digest=sha256%3A"
                        + "ab".repeat(32));
    }

    @Test
    void keepsAnAbsoluteLocationOnAnotherHost() throws Exception {
        URI u = location("https://uploads.example.com/session/9");
        assertThat(u.toString()).isEqualTo("https://uploads.example.com/session/9");
        assertThat(Repo.withQuery(u, "digest", DIGEST).toString())
                .isEqualTo("https://uploads.example.com/session/9?digest=sha256%3A" + "ab".repeat(32));
        assertThat(Endpoint.sameOrigin(URI.create("http://127.0.0.1:5000"), u)).isFalse();
    }

    @Test
    void appendsToAQueryEndingInAnAmpersandAndDropsFragments() throws Exception {
        assertThat(Repo.withQuery(location("/up?x=1&"), "digest", "d").toString())
                .isEqualTo("http://127.0.0.1:5000/up?x=1&digest=d");
        assertThat(Repo.withQuery(URI.create("http://h/up?a=b#frag"), "digest", "d").toString())
                .isEqualTo("http://h/up?a=b&digest=d");
    }

    @Test
    void aMissingLocationIsTheRegistrysFault() {
        assertThatThrownBy(() -> location(null)).hasMessageContaining("no Location header");
        assertThatThrownBy(() -> location("http://bad host/")).hasMessageContaining("not a valid URL");
    }
}
