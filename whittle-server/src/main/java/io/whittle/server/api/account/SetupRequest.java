package io.whittle.server.api.account;

import io.whittle.platform.secret.SecretValue;
import java.util.Optional;

/** The first administrator, created with the one-time token of the setup link the server printed. */
public record SetupRequest(SecretValue token, String username, Optional<String> displayName, SecretValue password) {
}
