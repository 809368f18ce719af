package io.whittle.connector;

import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.RateLimit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a successful check found.
 *
 * @param registryHost the registry host the credentials are for (as the provider confirmed it)
 * @param access       read-only, read-write, or unknown when the provider cannot tell without a repository
 * @param expiresAt    when the stored credential itself expires (a PAT, a DigitalOcean token), where reported
 * @param rateLimit    the pull rate limit left, where reported
 * @param notes        things the user should know, one sentence each (e.g. why access is unknown)
 */
public record CheckResult(String registryHost, Access access, Optional<Instant> expiresAt,
                          Optional<RateLimit> rateLimit, List<String> notes) {
    public CheckResult {
        Objects.requireNonNull(registryHost, "registryHost");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(rateLimit, "rateLimit");
        notes = List.copyOf(notes);
    }

    /** The same result with one more note. */
    public CheckResult withNote(String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(Objects.requireNonNull(note, "note"));
        return new CheckResult(registryHost, access, expiresAt, rateLimit, more);
    }
}
