package io.whittle.platform.account;

import java.util.Objects;

/** One member of an organization, with their role there. */
public record Member(User user, Role role) {
    public Member {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
    }
}
