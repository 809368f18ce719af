package io.whittle.cli;

/** The exit codes every whittle command keeps to; scripts and CI rely on them. */
public final class ExitCode {
    private ExitCode() {
    }

    public static final int OK = 0;
    /** The operation failed (network, registry error, corrupt content, anything not listed below). */
    public static final int FAILED = 1;
    /** The command line is wrong: unknown option, missing argument, invalid reference or platform. */
    public static final int USAGE = 2;
    /** A policy or CI gate failed (reserved for the commands that check policies). */
    public static final int POLICY = 3;
    /** Authentication failed or the credential lacks the permission. */
    public static final int AUTH = 4;
    /** The repository, tag, manifest, blob or platform does not exist. */
    public static final int NOT_FOUND = 5;
}
