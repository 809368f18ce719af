package io.whittle.oci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteSizesTest {

    @Test
    void siUnitsWithOneDecimalRoundedHalfUp() {
        assertThat(ByteSizes.human(0)).isEqualTo("0 B");
        assertThat(ByteSizes.human(999)).isEqualTo("999 B");
        assertThat(ByteSizes.human(1000)).isEqualTo("1.0 kB");
        assertThat(ByteSizes.human(1449)).isEqualTo("1.4 kB");
        assertThat(ByteSizes.human(1450)).isEqualTo("1.5 kB");
        assertThat(ByteSizes.human(999_949)).isEqualTo("999.9 kB");
        assertThat(ByteSizes.human(999_950)).isEqualTo("1.0 MB");
        assertThat(ByteSizes.human(314_600_000)).isEqualTo("314.6 MB");
        assertThat(ByteSizes.human(Long.MAX_VALUE)).isEqualTo("9.2 EB");
    }
}
