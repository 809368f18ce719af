package io.whittle.platform.account;

/**
 * What a new password must be. Only a minimum length (as NIST SP 800-63B advises: no composition rules), and a
 * maximum so that a request cannot make the server hash megabytes.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 1024;

    private PasswordPolicy() {
    }

    /** Refuses a password shorter than {@link #MIN_LENGTH} or longer than {@link #MAX_LENGTH} characters. */
    public static void check(char[] password) {
        if (password == null) {
            throw new InvalidAccountInputException("A password is required: choose one of at least " + MIN_LENGTH
                    + " characters.");
        }
        int length = Character.codePointCount(password, 0, password.length);
        if (length < MIN_LENGTH) {
            throw new InvalidAccountInputException("The password is too short: choose one of at least " + MIN_LENGTH
                    + " characters.");
        }
        if (length > MAX_LENGTH) {
            throw new InvalidAccountInputException("The password is too long: choose one of at most " + MAX_LENGTH
                    + " characters.");
        }
    }
}
