package io.whittle.platform.connector;

import java.util.Objects;

/** Verified, unverified or failing, with the reason a user reads (empty when there is none to give). */
public record ConnectorStatus(Verification verification, String reason) {
    /** The longest reason stored; longer ones are cut by the factories. */
    public static final int REASON_MAX = 1000;

    public ConnectorStatus {
        Objects.requireNonNull(verification, "verification");
        Objects.requireNonNull(reason, "reason");
        if (reason.length() > REASON_MAX) {
            throw new IllegalArgumentException("A connector status reason is limited to " + REASON_MAX
                    + " characters: shorten it.");
        }
        if (verification == Verification.FAILING && reason.isBlank()) {
            throw new IllegalArgumentException("A failing connector status needs a reason saying what is wrong.");
        }
    }

    public static ConnectorStatus verified() {
        return new ConnectorStatus(Verification.VERIFIED, "");
    }

    public static ConnectorStatus unverified(String reason) {
        return new ConnectorStatus(Verification.UNVERIFIED, cut(reason));
    }

    public static ConnectorStatus failing(String reason) {
        return new ConnectorStatus(Verification.FAILING, cut(reason));
    }

    private static String cut(String reason) {
        Objects.requireNonNull(reason, "reason");
        return reason.length() <= REASON_MAX ? reason : reason.substring(0, REASON_MAX - 1) + "…";
    }
}
