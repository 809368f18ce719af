package io.whittle.platform.db;

import io.whittle.platform.PlatformException;

/** The database failed or cannot be reached; the message names the database (password masked). */
public class DatabaseException extends PlatformException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
