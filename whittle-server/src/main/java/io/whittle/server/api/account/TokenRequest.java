package io.whittle.server.api.account;

import java.time.Instant;
import java.util.Optional;

/**
 * A new API token: a name to recognise it by, the slug of the organization it acts in (the session's current one
 * when absent), and an optional expiry.
 */
public record TokenRequest(String name, Optional<String> organization, Optional<Instant> expiresAt) {
}
