package io.whittle.server.api.account;

import io.whittle.platform.account.Role;

/** A member's new role. */
public record RoleRequest(Role role) {
}
