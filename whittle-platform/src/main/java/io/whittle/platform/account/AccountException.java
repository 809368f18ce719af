package io.whittle.platform.account;

import io.whittle.platform.PlatformException;

/**
 * Base of the account stores' refusals. The server maps each subtype to one HTTP status; messages are one
 * sentence and never hold a password, token, session secret or hash.
 */
public class AccountException extends PlatformException {
    public AccountException(String message) {
        super(message);
    }
}
