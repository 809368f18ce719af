package io.whittle.server.api.account;

import io.whittle.platform.account.Role;

/** A user to add to an organization, by username, with a role. */
public record MemberRequest(String username, Role role) {
}
