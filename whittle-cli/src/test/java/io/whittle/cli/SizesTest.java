package io.whittle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizesTest {
    @ParameterizedTest
    @CsvSource({"0,0 B", "999,999 B", "1000,1.0 kB", "1499,1.5 kB", "999949,999.9 kB", "999950,1.0 MB",
            "314572800,314.6 MB", "2000000000,2.0 GB"})
    void humanSizesUseSiUnits(long bytes, String expected) {
        assertThat(Sizes.human(bytes)).isEqualTo(expected);
    }
}
