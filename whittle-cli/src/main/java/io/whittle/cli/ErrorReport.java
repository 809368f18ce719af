package io.whittle.cli;

import io.whittle.oci.AccessException;
import io.whittle.oci.InvalidDigestException;
import io.whittle.oci.InvalidReferenceException;
import io.whittle.oci.OciException;
import io.whittle.oci.PlatformNotFoundException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * What the user is told when a command fails: one sentence and the exit code. The sentence comes from the
 * exception, whose message the modules already write for people; this class only picks the code and
 * tidies the punctuation.
 */
record ErrorReport(int exitCode, String sentence) {

    static ErrorReport of(Throwable error) {
        Throwable e = unwrap(error);
        return new ErrorReport(exitCode(e), sentence(e));
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof UncheckedIOException || e instanceof java.util.concurrent.CompletionException
                || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static int exitCode(Throwable e) {
        if (e instanceof io.whittle.cli.remote.RemoteProblem r) {
            return r.exitCode();
        }
        if (e instanceof AccessException a) {
            return switch (a.failure()) {
                case NOT_FOUND -> ExitCode.NOT_FOUND;
                case UNAUTHORIZED, DENIED -> ExitCode.AUTH;
                default -> ExitCode.FAILED;
            };
        }
        if (e instanceof UsageException || e instanceof InvalidReferenceException || e instanceof InvalidDigestException) {
            return ExitCode.USAGE;
        }
        if (e instanceof PlatformNotFoundException || e instanceof NoSuchFileException
                || e instanceof FileNotFoundException) {
            return ExitCode.NOT_FOUND;
        }
        if (e instanceof AccessDeniedException) {
            return ExitCode.AUTH;
        }
        return ExitCode.FAILED;
    }

    private static String sentence(Throwable e) {
        String m = e.getMessage();
        if (e instanceof NoSuchFileException n) {
            m = n.getFile() + " does not exist";
        } else if (e instanceof AccessDeniedException a) {
            m = "permission denied on " + a.getFile();
        } else if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName() + " (run again with --debug for the stack trace)";
        } else if (!(e instanceof OciException || e instanceof IOException || e instanceof UsageException)) {
            // Not one of ours: a bug or an environment problem; say so rather than pretend it is a clear message.
            m = "unexpected " + e.getClass().getSimpleName() + ": " + m + " (run again with --debug for the stack trace)";
        }
        return tidy(m);
    }

    /** One line, ending with a full stop. */
    static String tidy(String message) {
        String m = message.strip().replaceAll("\\s*\\R\\s*", " ");
        if (m.isEmpty()) {
            return "failed.";
        }
        char last = m.charAt(m.length() - 1);
        return last == '.' || last == '!' || last == '?' ? m : m + ".";
    }
}
