package io.whittle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several registries in one class, class-wide and per-test lifetimes. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryExtensionTest {

    @RegisterExtension
    static final RegistryExtension SOURCE = RegistryExtension.noAuth();

    @RegisterExtension
    static final RegistryExtension TARGET = RegistryExtension.custom(b -> b.basic("u1", "p1").user("u2", "p2")
            .logLevel("warn")).onHost("127.0.0.2");

    @RegisterExtension
    final RegistryExtension perTest = RegistryExtension.noAuth();

    static RegistryServer firstSource;
    static RegistryServer firstPerTest;

    @Test
    @Order(1)
    void classRegistriesAreIndependentAndRunning() {
        firstSource = SOURCE.server();
        firstPerTest = perTest.server();
        assertThat(SOURCE.url()).isNotEqualTo(TARGET.url());
        assertThat(TARGET.server().host()).isEqualTo("127.0.0.2");
        assertThat(TARGET.mode()).isEqualTo(AuthMode.BASIC);
        assertThat(TARGET.server().users()).hasSize(2);
        assertThat(TARGET.credentials()).contains(Credentials.of("u1", "p1"));
        assertThat(SOURCE.reference("a/b", "v1")).isEqualTo(SOURCE.hostPort() + "/a/b:v1");
        assertThatThrownBy(SOURCE::issuer).isInstanceOf(IllegalStateException.class).hasMessageContaining("NONE");
    }

    @Test
    @Order(2)
    void classRegistriesLiveOnButInstanceOnesAreNew() {
        assertThat(SOURCE.server()).isSameAs(firstSource);
        assertThat(perTest.server()).isNotSameAs(firstPerTest);
        assertThat(firstPerTest.isRunning()).isFalse();
        assertThat(perTest.server().isRunning()).isTrue();
    }

    @Test
    @Order(3)
    void imagesMoveBetweenTheTwo() {
        try (ImageFactory factory = ImageFactory.temporary()) {
            TestImage image = factory.smallImage(ImageFormat.OCI, "between");
            image.push(SOURCE.url(), "x/y", "v1");
            Skopeo.create().copy(Skopeo.docker(SOURCE.hostPort(), "x/y", "v1"), Skopeo.docker(TARGET.hostPort(), "x/y",
                    "v1"), Skopeo.CopyOptions.defaults().withDestinationCredentials(TARGET.credentials()));
            assertThat(Skopeo.create().digest(Skopeo.docker(TARGET.hostPort(), "x/y", "v1"), TARGET.credentials()))
                    .isEqualTo(image.digest());
        }
    }

    /** Nested classes inherit the extension; the first one to finish must not stop the outer registry. */
    @Nested
    class FirstNested {
        @Test
        void seesTheOuterRegistry() {
            assertThat(SOURCE.server()).isSameAs(firstSource);
            assertThat(SOURCE.server().isRunning()).isTrue();
        }
    }

    @Nested
    class SecondNested {
        @Test
        void stillSeesTheOuterRegistry() {
            assertThat(SOURCE.server()).isSameAs(firstSource);
            assertThat(SOURCE.server().isRunning()).isTrue();
        }
    }

    @Test
    void credentialsNeverShowTheirPassword() {
        assertThat(Credentials.of("alice", "s3cr3t-canary").toString()).doesNotContain("s3cr3t-canary");
        assertThat(TokenIssuer.Config.defaults().withUser("bob", "canary-pw").toString()).doesNotContain("canary-pw");
        assertThatThrownBy(() -> Credentials.of("a:b", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
