package io.whittle.platform.account;

import java.util.Locale;

/**
 * What a member may do in an organization. Owners manage members and everything else; members create and change
 * connectors and run jobs; viewers only read.
 */
public enum Role {
    OWNER,
    MEMBER,
    VIEWER;

    /** Whether this role may create, change or delete the organization's resources and submit jobs. */
    public boolean canWrite() {
        return this != VIEWER;
    }

    /** Whether this role may manage the organization itself: its members and their roles. */
    public boolean canManage() {
        return this == OWNER;
    }

    /** The lower-case name stored in the database and used in the API. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        for (Role r : values()) {
            if (r.id().equalsIgnoreCase(text.strip())) {
                return r;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a role: use owner, member or viewer.");
    }
}
