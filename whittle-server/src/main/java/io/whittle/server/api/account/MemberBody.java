package io.whittle.server.api.account;

import io.whittle.platform.account.Member;
import io.whittle.platform.account.Role;

/** A member of an organization and their role there. */
public record MemberBody(String username, String displayName, Role role) {
    public static MemberBody of(Member m) {
        return new MemberBody(m.user().username(), m.user().displayName(), m.role());
    }
}
