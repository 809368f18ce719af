package io.whittle.registry.net;

import io.whittle.oci.AccessException;
import java.net.UnknownHostException;

/**
 * Thrown from inside the HTTP client's connect path when the policy denies every address of a host. It is an
 * {@link UnknownHostException} only because that is what a {@code DnsResolver} may throw; callers turn it
 * back into the {@link AccessException} it carries.
 */
public final class BlockedDestinationException extends UnknownHostException {
    private final transient AccessException failure;

    public BlockedDestinationException(AccessException failure) {
        super(failure.getMessage());
        this.failure = failure;
    }

    /** The failure to report, with {@link io.whittle.oci.Failure#BLOCKED}. */
    public AccessException failure() {
        return failure;
    }
}
