package io.whittle.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.platform.account.ApiToken;
import io.whittle.platform.account.IssuedToken;
import io.whittle.platform.account.UserId;
import io.whittle.platform.org.OrganizationId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A created token's secret waits for one read by the session that created it, for a few minutes only. */
class CreatedTokensTest {
    private final MovableClock clock = new MovableClock();
    private final CreatedTokens created = new CreatedTokens(clock);

    private IssuedToken issued() {
        return new IssuedToken(new ApiToken(UUID.randomUUID(), UserId.random(), OrganizationId.random(), "laptop",
                "wht_abcd", clock.now, Optional.empty(), Optional.empty(), Optional.empty()), "wht_secret-value");
    }

    @Test
    void theCreatingSessionReadsItOnceAndAnotherSessionNever() {
        IssuedToken token = issued();
        String handle = created.keep("session-a", token);
        assertThat(handle).matches("[0-9a-f]{36}").doesNotContain("secret");
        assertThat(created.take("session-b", handle)).isEmpty();
        assertThat(created.take("session-a", handle)).contains(token); // another session's try did not spend it
        assertThat(created.take("session-a", handle)).isEmpty();
        assertThat(created.take("session-a", "nonesuch")).isEmpty();
    }

    @Test
    void anUnreadSecretIsForgottenAfterAFewMinutes() {
        String handle = created.keep("session-a", issued());
        clock.now = clock.now.plus(CreatedTokens.TTL);
        assertThat(created.take("session-a", handle)).isEmpty();
    }

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-27T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
