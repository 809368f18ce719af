package io.whittle.platform.account;

/** A user, organization, membership, token or session that does not exist (or is not the caller's): a 404. */
public class AccountNotFoundException extends AccountException {
    public AccountNotFoundException(String message) {
        super(message);
    }
}
