package io.whittle.platform.account;

/** A value the caller typed is not acceptable (a malformed username, a short password, a past expiry): a 400/422. */
public class InvalidAccountInputException extends AccountException {
    public InvalidAccountInputException(String message) {
        super(message);
    }
}
