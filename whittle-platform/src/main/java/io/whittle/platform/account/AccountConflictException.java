package io.whittle.platform.account;

/**
 * The request contradicts what is stored: a taken username or slug, an existing member, the last owner of an
 * organization, a personal organization asked to take members. A 409.
 */
public class AccountConflictException extends AccountException {
    public AccountConflictException(String message) {
        super(message);
    }
}
