package io.whittle.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final Duration CAP = Duration.ofSeconds(60);

    @Test
    void readsDelaySeconds() {
        assertThat(RetryAfter.parse("7", NOW, CAP)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse(" 0 ", NOW, CAP)).contains(Duration.ZERO);
    }

    @Test
    void readsAnHttpDate() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(20).atZone(ZoneOffset.UTC));
        assertThat(RetryAfter.parse(date, NOW, CAP)).contains(Duration.ofSeconds(20));
        assertThat(RetryAfter.parse("Sat, 01 Mar 2025 12:00:05 GMT", NOW, CAP)).contains(Duration.ofSeconds(5));
    }

    @Test
    void readsTheObsoleteDateForms() {
        assertThat(RetryAfter.parse("Saturday, 01-Mar-25 12:00:09 GMT", NOW, CAP)).contains(Duration.ofSeconds(9));
        assertThat(RetryAfter.parse("Sat Mar  1 12:00:03 2025", NOW, CAP)).contains(Duration.ofSeconds(3));
    }

    @Test
    void aDateInThePastMeansNow() {
        assertThat(RetryAfter.parse("Sat, 01 Mar 2025 11:00:00 GMT", NOW, CAP)).contains(Duration.ZERO);
    }

    @Test
    void capsLongAndAbsurdValues() {
        assertThat(RetryAfter.parse("86400", NOW, CAP)).contains(CAP);
        assertThat(RetryAfter.parse("99999999999999999999999", NOW, CAP)).contains(CAP);
        assertThat(RetryAfter.parse("Sat, 01 Mar 2125 12:00:00 GMT", NOW, CAP)).contains(CAP);
    }

    @Test
    void readsAnEpochTimestampWhereSecondsBelong() {
        long epoch = NOW.getEpochSecond() + 12;
        assertThat(RetryAfter.parse(Long.toString(epoch), NOW, CAP)).contains(Duration.ofSeconds(12));
        assertThat(RetryAfter.parse(Long.toString(NOW.getEpochSecond() - 100), NOW, CAP)).contains(Duration.ZERO);
    }

    @Test
    void ignoresGarbage() {
        assertThat(RetryAfter.parse("soon", NOW, CAP)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW, CAP)).isEmpty();
        assertThat(RetryAfter.parse("", NOW, CAP)).isEmpty();
        assertThat(RetryAfter.parse(null, NOW, CAP)).isEmpty();
    }
}
