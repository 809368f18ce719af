package io.whittle.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.oci.Failure;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryExceptionTest {

    private static RegistryException of(int status, String... codes) {
        List<RegistryException.Detail> d = java.util.Arrays.stream(codes)
                .map(c -> new RegistryException.Detail(c, "registry says " + c.toLowerCase())).toList();
        return RegistryException.of(status, d, "pull manifest", "127.0.0.1:5000/app:v1", Optional.empty());
    }

    @Test
    void namesTheOperationTheReferenceAndWhatToDo() {
        RegistryException e = of(404, "MANIFEST_UNKNOWN");
        assertThat(e.getMessage()).isEqualTo("pull manifest 127.0.0.1:5000/app:v1: the registry has no such manifest"
                + " (MANIFEST_UNKNOWN): check the tag with `whittle tags`");
        assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND);
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.codes()).containsExactly("MANIFEST_UNKNOWN");
        assertThat(e.has(ErrorCode.MANIFEST_UNKNOWN)).isTrue();
        assertThat(e.retryable()).isFalse();
        assertThat(e.operation()).isEqualTo("pull manifest");
        assertThat(e.subject()).isEqualTo("127.0.0.1:5000/app:v1");
    }

    @Test
    void mapsCodesAndStatusesToFailures() {
        assertThat(of(404, "NAME_UNKNOWN").failure()).isEqualTo(Failure.NOT_FOUND);
        assertThat(of(404, "BLOB_UNKNOWN").failure()).isEqualTo(Failure.NOT_FOUND);
        assertThat(of(404, "BLOB_UPLOAD_UNKNOWN").failure()).isEqualTo(Failure.NOT_FOUND);
        assertThat(of(404).failure()).isEqualTo(Failure.NOT_FOUND);
        assertThat(of(401, "UNAUTHORIZED").failure()).isEqualTo(Failure.UNAUTHORIZED);
        assertThat(of(401).failure()).isEqualTo(Failure.UNAUTHORIZED);
        assertThat(of(403, "DENIED").failure()).isEqualTo(Failure.DENIED);
        assertThat(of(403).failure()).isEqualTo(Failure.DENIED);
        assertThat(of(429, "TOOMANYREQUESTS").failure()).isEqualTo(Failure.RATE_LIMITED);
        assertThat(of(503).failure()).isEqualTo(Failure.UNAVAILABLE);
        assertThat(of(400, "DIGEST_INVALID").failure()).isEqualTo(Failure.CORRUPT);
        assertThat(of(400, "SIZE_INVALID").failure()).isEqualTo(Failure.CORRUPT);
        assertThat(of(400, "MANIFEST_INVALID").failure()).isEqualTo(Failure.INVALID);
        assertThat(of(400, "NAME_INVALID").failure()).isEqualTo(Failure.INVALID);
        assertThat(of(400, "BLOB_UPLOAD_INVALID").failure()).isEqualTo(Failure.INVALID);
        assertThat(of(400, "MANIFEST_BLOB_UNKNOWN").failure()).isEqualTo(Failure.NOT_FOUND);
        assertThat(of(405, "UNSUPPORTED").failure()).isEqualTo(Failure.UNSUPPORTED);
    }

    @Test
    void onlyRateLimitsAndServerFailuresAreRetryable() {
        assertThat(of(429).retryable()).isTrue();
        assertThat(of(500).retryable()).isTrue();
        assertThat(of(502).retryable()).isTrue();
        assertThat(of(503).retryable()).isTrue();
        assertThat(of(501).retryable()).isFalse();
        assertThat(of(400).retryable()).isFalse();
        assertThat(of(403).retryable()).isFalse();
        assertThat(of(404).retryable()).isFalse();
    }

    @Test
    void unknownCodesKeepTheRegistrysWords() {
        RegistryException e = of(418, "TEAPOT");
        assertThat(e.codes()).containsExactly("TEAPOT");
        assertThat(e.getMessage()).contains("HTTP 418").contains("registry says teapot").contains("(TEAPOT)");
        assertThat(e.failure()).isEqualTo(Failure.OTHER);
    }

    @Test
    void readsTheErrorBody() {
        byte[] body = ("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\","
                + "\"detail\":null},{\"code\":\"UNAUTHORIZED\",\"message\":\"x\"}]}").getBytes();
        assertThat(ErrorBody.parse(body)).extracting(RegistryException.Detail::code).containsExactly("DENIED",
                "UNAUTHORIZED");
        assertThat(ErrorBody.parse("<html>bad gateway</html>".getBytes())).isEmpty();
        assertThat(ErrorBody.parse(new byte[0])).isEmpty();
    }
}
