package io.whittle.server.api.account;

import io.whittle.platform.account.Role;
import io.whittle.server.auth.Principal;
import java.util.List;

/**
 * The caller: who they are, the organization this request acts in and their role there, how they authenticated,
 * and the organizations they may switch to (for an API token, only its own).
 */
public record MeBody(UserBody user, OrganizationBody organization, Role role, Principal.AuthMethod authenticatedWith,
                     List<OrganizationBody> organizations) {
}
