package io.whittle.platform.account;

/**
 * The setup token is wrong, used, expired, or no longer needed. One message for all of these: the operator's remedy
 * is the same, and a guesser learns nothing.
 */
public class InvalidSetupTokenException extends InvalidAccountInputException {
    public InvalidSetupTokenException() {
        super("The setup link is wrong, used or expired: restart the server to print a new one, or sign in if an "
                + "administrator exists.");
    }
}
