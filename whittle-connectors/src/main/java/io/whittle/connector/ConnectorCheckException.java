package io.whittle.connector;

import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import java.util.Optional;

/**
 * A connector's credential or settings do not work: one sentence saying what is wrong and what to do, the form
 * field it concerns when there is one (so a form shows it next to that field), and the {@link Failure} kind
 * (front ends turn it into an exit code or HTTP status). Never carries a secret.
 */
public class ConnectorCheckException extends AccessException {
    private final String field;

    public ConnectorCheckException(Failure failure, Optional<String> field, String operation, String subject,
                                   String message, boolean retryable, Throwable cause) {
        super(failure, operation, subject, message, retryable, cause);
        this.field = field.orElse(null);
    }

    public static ConnectorCheckException of(Failure failure, String field, String operation, String subject,
                                             String message) {
        return new ConnectorCheckException(failure, Optional.ofNullable(field), operation, subject, message, false,
                null);
    }

    /** The form field the problem concerns. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
