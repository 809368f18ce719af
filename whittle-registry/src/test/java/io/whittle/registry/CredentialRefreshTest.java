package io.whittle.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.oci.AccessException;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.registry.auth.Credential;
import io.whittle.registry.auth.Keychain;
import io.whittle.testkit.Fault;
import io.whittle.testkit.FaultProxy;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.TestImage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client asks its keychain again when the registry refuses the credential it has (a 401, a token service's
 * refusal, or ECR's 403 "authorization token has expired"), instead of keeping the first answer for its whole life.
 */
class CredentialRefreshTest {
    private static final String MANIFESTS = "/v2/.+/manifests/.+";

    @RegisterExtension
    static final RegistryExtension BASIC = RegistryExtension.basic("dana", "dana-right-pw");
    @RegisterExtension
    static final RegistryExtension TOKEN = RegistryExtension.token("erin", "erin-right-pw");

    static ImageFactory factory;
    static Digest digest;

    @BeforeAll
    static void seed() {
        factory = ImageFactory.temporary();
        TestImage image = factory.smallImage(ImageFormat.OCI, "refresh");
        image.push(BASIC.url(), "team/app", "v1", BASIC.credentials());
        image.push(TOKEN.url(), "team/app", "v1", TOKEN.credentials());
        digest = image.digest();
    }

    @AfterAll
    static void clean() {
        factory.close();
    }

    /** Answers the next credential of its list at each question (the last one from then on), counting questions. */
    private static final class ChangingKeychain implements Keychain {
        private final String host;
        private final List<Credential> answers;
        private final AtomicInteger asked = new AtomicInteger();

        ChangingKeychain(String host, Credential... answers) {
            this.host = host;
            this.answers = List.of(answers);
        }

        @Override
        public Credential resolve(String registryHost) {
            if (!registryHost.equals(host)) {
                return Credential.ANONYMOUS;
            }
            int n = asked.getAndIncrement();
            return answers.get(Math.min(n, answers.size() - 1));
        }

        int asked() {
            return asked.get();
        }
    }

    private static RegistryClient client(Keychain k) {
        return RegistryClient.builder().keychain(k).retries(TestSupport.fastRetries()).build();
    }

    @Test
    void aRefusedBasicCredentialIsReplacedByTheKeychainsNewAnswer() throws Exception {
        var keychain = new ChangingKeychain(BASIC.hostPort(), new Credential.Basic("dana", "dana-old-pw"),
                new Credential.Basic("dana", "dana-right-pw"));
        try (RegistryClient c = client(keychain)) {
            assertThat(c.repository(BASIC.hostPort(), "team/app").manifest("v1").digest()).isEqualTo(digest);
            assertThat(keychain.asked()).isEqualTo(2);
            // The working answer is kept: no question per request.
            assertThat(c.repository(BASIC.hostPort(), "team/app").tags()).containsExactly("v1");
            assertThat(keychain.asked()).isEqualTo(2);
        }
    }

    @Test
    void aTokenServiceRefusalAsksTheKeychainAgain() throws Exception {
        var keychain = new ChangingKeychain(TOKEN.hostPort(), new Credential.Basic("erin", "erin-old-pw"),
                new Credential.Basic("erin", "erin-right-pw"));
        try (RegistryClient c = client(keychain)) {
            assertThat(c.repository(TOKEN.hostPort(), "team/app").manifest("v1").digest()).isEqualTo(digest);
            assertThat(keychain.asked()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aKeychainWithNothingBetterFailsAfterOneMoreQuestion() throws Exception {
        var keychain = new ChangingKeychain(BASIC.hostPort(), new Credential.Basic("dana", "dana-wrong-pw"));
        try (RegistryClient c = client(keychain)) {
            assertThatThrownBy(() -> c.repository(BASIC.hostPort(), "team/app").manifest("v1"))
                    .isInstanceOfSatisfying(AccessException.class,
                            e -> assertThat(e.failure()).isEqualTo(Failure.UNAUTHORIZED));
            assertThat(keychain.asked()).isEqualTo(2);
        }
    }

    @Test
    void anExpiredAuthorizationTokenAnswered403IsRenewed() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(BASIC.url())) {
            var keychain = new ChangingKeychain(proxy.hostPort(), new Credential.Basic("dana", "dana-right-pw"));
            proxy.on("GET", MANIFESTS, 1, denied("Your authorization token has expired. Reauthenticate and try"
                    + " again."));
            try (RegistryClient c = client(keychain)) {
                assertThat(c.repository(proxy.hostPort(), "team/app").manifest("v1").digest()).isEqualTo(digest);
            }
            assertThat(keychain.asked()).isEqualTo(2);
            assertThat(proxy.requests("GET", MANIFESTS)).hasSize(2);
        }
    }

    @Test
    void anOrdinaryDenialIsNotRetried() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(BASIC.url())) {
            var keychain = new ChangingKeychain(proxy.hostPort(), new Credential.Basic("dana", "dana-right-pw"));
            proxy.on("GET", MANIFESTS, 1, denied("requested access to the resource is denied"));
            try (RegistryClient c = client(keychain)) {
                assertThatThrownBy(() -> c.repository(proxy.hostPort(), "team/app").manifest("v1"))
                        .isInstanceOfSatisfying(AccessException.class,
                                e -> assertThat(e.failure()).isEqualTo(Failure.DENIED));
            }
            assertThat(keychain.asked()).isEqualTo(1);
            assertThat(proxy.requests("GET", MANIFESTS)).hasSize(1);
        }
    }

    private static Fault denied(String message) {
        return new Fault.Respond(403, Map.of("Content-Type", "application/json"),
                ("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"" + message + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8));
    }
}
