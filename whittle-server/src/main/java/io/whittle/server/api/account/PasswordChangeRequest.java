package io.whittle.server.api.account;

import io.whittle.platform.secret.SecretValue;

/** The current password, to confirm, and the new one. */
public record PasswordChangeRequest(SecretValue currentPassword, SecretValue newPassword) {
}
