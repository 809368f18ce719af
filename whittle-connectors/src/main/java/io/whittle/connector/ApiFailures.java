package io.whittle.connector;

import io.whittle.connector.http.RestResponse;
import io.whittle.oci.Failure;
import java.util.Optional;

/** Turns a provider API's error answer into a {@link ConnectorCheckException} with one sentence. */
public final class ApiFailures {
    private ApiFailures() {
    }

    public static Failure failureOf(int status) {
        return switch (status) {
            case 400, 422 -> Failure.INVALID;
            case 401 -> Failure.UNAUTHORIZED;
            case 403 -> Failure.DENIED;
            case 404 -> Failure.NOT_FOUND;
            case 429 -> Failure.RATE_LIMITED;
            default -> status >= 500 ? Failure.UNAVAILABLE : Failure.OTHER;
        };
    }

    /**
     * An exception for an answer no more specific rule explains: what the provider said (its own short message) and
     * what to do.
     */
    public static ConnectorCheckException of(RestResponse r, Optional<String> field, String operation, String subject,
                                             String advice) {
        String said = r.errorText().map(t -> " (\"" + t + "\")").orElse("");
        return new ConnectorCheckException(failureOf(r.status()), field, operation, subject, operation + " " + subject
                + ": " + r.uri().getHost() + " answered HTTP " + r.status() + said + ": " + advice, r.status() >= 500
                || r.status() == 429, null);
    }

    /** {@code r} when it is a success; else the exception {@link #of} makes, naming no field. */
    public static RestResponse requireOk(RestResponse r, String operation, String subject, String advice)
            throws ConnectorCheckException {
        if (!r.ok()) {
            throw of(r, Optional.empty(), operation, subject, advice);
        }
        return r;
    }
}
