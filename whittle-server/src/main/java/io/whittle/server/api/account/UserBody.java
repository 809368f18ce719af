package io.whittle.server.api.account;

import io.whittle.platform.account.User;
import java.time.Instant;

/** A user as the API shows it: never a credential. */
public record UserBody(String id, String username, String displayName, boolean admin, Instant createdAt) {
    public static UserBody of(User u) {
        return new UserBody(u.id().toString(), u.username(), u.displayName(), u.admin(), u.createdAt());
    }
}
