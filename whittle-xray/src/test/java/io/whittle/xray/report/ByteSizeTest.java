package io.whittle.xray.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Sizes parsed as go-humanize's ParseBytes (which dive uses for .dive-ci) parses them. */
class ByteSizeTest {

    @Test
    void siAndIecUnitsAnyCaseWithOrWithoutSpace() {
        assertThat(ByteSize.parse("20MB")).isEqualTo(20_000_000);
        assertThat(ByteSize.parse("20mb")).isEqualTo(20_000_000);
        assertThat(ByteSize.parse("20 M")).isEqualTo(20_000_000);
        assertThat(ByteSize.parse("1.5GiB")).isEqualTo(1_610_612_736L);
        assertThat(ByteSize.parse("2 KiB")).isEqualTo(2048);
        assertThat(ByteSize.parse("10 kB")).isEqualTo(10_000);
        assertThat(ByteSize.parse("512")).isEqualTo(512);
        assertThat(ByteSize.parse("512 B")).isEqualTo(512);
        assertThat(ByteSize.parse("1,000,000")).isEqualTo(1_000_000);
        assertThat(ByteSize.parse("1.0000001kB")).isEqualTo(1000); // truncated, as Go's uint64(f)
        assertThat(ByteSize.parse("2EB")).isEqualTo(2_000_000_000_000_000_000L);
    }

    @Test
    void whatParseBytesRefusesIsRefused() {
        assertThatThrownBy(() -> ByteSize.parse("")).hasMessageContaining("not a size");
        assertThatThrownBy(() -> ByteSize.parse("MB")).hasMessageContaining("not a size");
        assertThatThrownBy(() -> ByteSize.parse(" 20MB")).hasMessageContaining("not a size");
        assertThatThrownBy(() -> ByteSize.parse("1e3")).hasMessageContaining("unknown unit 'e3'");
        assertThatThrownBy(() -> ByteSize.parse("20 megabytes")).hasMessageContaining("unknown unit");
        assertThatThrownBy(() -> ByteSize.parse("-5MB")).hasMessageContaining("not a size");
        assertThatThrownBy(() -> ByteSize.parse("20EB")).hasMessageContaining("too large");
    }

    @Test
    void humanSizesAreSiWithOneDecimal() {
        assertThat(ByteSize.human(999)).isEqualTo("999 B");
        assertThat(ByteSize.human(1_500)).isEqualTo("1.5 kB");
        assertThat(ByteSize.human(314_550_000)).isEqualTo("314.6 MB");
        assertThat(ByteSize.human(999_960)).isEqualTo("1.0 MB");
        assertThat(ByteSize.percent(0.8754)).isEqualTo("87.5 %");
        assertThat(ByteSize.percent(Double.NaN)).isEqualTo("-");
    }
}
