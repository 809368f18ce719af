package io.whittle.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "linux/amd64, linux/amd64",
            "LINUX/AMD64, linux/amd64",
            "linux/arm64/v8, linux/arm64/v8",
            "linux/arm/v7, linux/arm/v7",
            "linux/x86_64, linux/amd64",
            "linux/aarch64, linux/arm64",
            "linux/armhf, linux/arm/v7",
            "linux/armel, linux/arm/v6",
            "linux/i386, linux/386",
            "linux/arm/7, linux/arm/v7",
            "windows/amd64, windows/amd64",
    })
    void parses(String input, String expected) {
        assertThat(Platform.parse(input)).hasToString(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux", "linux/", "/amd64", "linux/amd64/", "linux/arm/v7/extra", "", "linux//v7"})
    void refusesMalformed(String input) {
        assertThatThrownBy(() -> Platform.parse(input))
                .isInstanceOf(OciException.class)
                .hasMessage("'" + input + "' is not a platform: use os/arch or os/arch/variant, e.g. linux/arm64/v8");
    }

    @Test
    void constructorNeedsOsAndArchitectureAndDropsBlankVariants() {
        assertThatThrownBy(() -> Platform.of("", "amd64")).hasMessageContaining("needs both an os and an architecture");
        Platform p = new Platform("linux", "amd64", Optional.of(""), Optional.of(" "), List.of());
        assertThat(p.variant()).isEmpty();
        assertThat(p.osVersion()).isEmpty();
    }

    @Test
    void hostIsALinuxPlatformNamedAsGoNamesIt() {
        Platform host = Platform.host();
        assertThat(host.os()).isEqualTo("linux");
        String arch = System.getProperty("os.arch");
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            assertThat(host).hasToString("linux/amd64");
        } else if (arch.equals("aarch64")) {
            assertThat(host).hasToString("linux/arm64/v8");
        }
        assertThat(host.architecture()).doesNotContain("x86_64", "aarch64");
    }

    @Test
    void satisfiedByComparesOsArchitectureAndVariant() {
        Platform amd64 = Platform.parse("linux/amd64");
        assertThat(amd64.satisfiedBy(Platform.parse("linux/amd64"))).isTrue();
        assertThat(amd64.satisfiedBy(Platform.parse("linux/arm64"))).isFalse();
        assertThat(amd64.satisfiedBy(Platform.parse("windows/amd64"))).isFalse();
        // without a wanted variant any variant of the architecture will do
        assertThat(Platform.parse("linux/arm").satisfiedBy(Platform.parse("linux/arm/v6"))).isTrue();
        assertThat(Platform.parse("linux/arm/v7").satisfiedBy(Platform.parse("linux/arm/v6"))).isFalse();
        assertThat(Platform.parse("linux/arm/v7").satisfiedBy(Platform.parse("linux/arm/v7"))).isTrue();
    }

    @Test
    void arm64V8IsTheDefaultVariant() {
        Platform v8 = Platform.parse("linux/arm64/v8");
        Platform none = Platform.parse("linux/arm64");
        assertThat(v8.satisfiedBy(none)).isTrue();
        assertThat(none.satisfiedBy(v8)).isTrue();
        assertThat(v8.satisfiedBy(Platform.of("linux", "arm64", "8"))).isTrue();
        assertThat(v8.satisfiedBy(Platform.parse("linux/arm64/v9"))).isFalse();
        assertThat(Platform.parse("linux/arm/v7").satisfiedBy(Platform.parse("linux/arm"))).isTrue();
        assertThat(Platform.parse("linux/amd64/v1").satisfiedBy(Platform.parse("linux/amd64"))).isTrue();
        assertThat(none.normalVariant()).isEqualTo("v8");
        assertThat(Platform.parse("linux/amd64").normalVariant()).isEmpty();
    }

    @Test
    void readsAndWritesJsonInTheSpecShape() {
        var n = Json.toJson(new Platform("windows", "amd64", Optional.empty(), Optional.of("10.0.17763.1577"),
                List.of("win32k")));
        assertThat(n.toString()).isEqualTo(
                "{\"architecture\":\"amd64\",\"os\":\"windows\",\"os.version\":\"10.0.17763.1577\",\"os.features\":[\"win32k\"]}");
        Platform back = Json.platform(n);
        assertThat(back.osVersion()).contains("10.0.17763.1577");
        assertThat(back.features()).containsExactly("win32k");
    }
}
