package io.whittle.server.api.account;

import io.whittle.platform.secret.SecretValue;

/** Username and password for {@code POST /api/v1/session}. */
public record SignInRequest(String username, SecretValue password) {
}
