package io.whittle.platform.account;

/** The current password given to confirm a change is wrong; a subtype so the server may answer it differently. */
public class IncorrectPasswordException extends InvalidAccountInputException {
    public IncorrectPasswordException() {
        super("The current password is not correct: type it again.");
    }
}
