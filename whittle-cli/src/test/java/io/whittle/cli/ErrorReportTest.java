package io.whittle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import io.whittle.oci.InvalidReferenceException;
import io.whittle.oci.OciException;
import io.whittle.oci.PlatformNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ErrorReportTest {

    @ParameterizedTest
    @CsvSource({"NOT_FOUND,5", "UNAUTHORIZED,4", "DENIED,4", "INVALID,1", "UNSUPPORTED,1", "CORRUPT,1",
            "RATE_LIMITED,1", "UNAVAILABLE,1", "BLOCKED,1", "OTHER,1"})
    void accessFailuresMapToExitCodes(Failure failure, int code) {
        ErrorReport r = ErrorReport.of(new AccessException(failure, "pull manifest", "a/b:c", "it failed"));
        assertThat(r.exitCode()).isEqualTo(code);
        assertThat(r.sentence()).isEqualTo("it failed.");
    }

    @Test
    void usageMistakesExitWithTwo() {
        assertThat(ErrorReport.of(new UsageException("say it differently")).exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(ErrorReport.of(new InvalidReferenceException("'X' is not valid.")).exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aMissingPlatformIsNotFound() {
        assertThat(ErrorReport.of(new PlatformNotFoundException("no arm")).exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void wrappedCausesAreUnwrapped() {
        var wrapped = new UncheckedIOException(new AccessException(Failure.DENIED, "push", "x", "no push for you"));
        assertThat(ErrorReport.of(wrapped)).isEqualTo(new ErrorReport(ExitCode.AUTH, "no push for you."));
    }

    @Test
    void sentencesAreOneLineEndingWithAFullStop() {
        assertThat(ErrorReport.of(new OciException("first line\n  second line")).sentence()).isEqualTo("first line second line.");
        assertThat(ErrorReport.of(new IOException("done.")).sentence()).isEqualTo("done.");
    }

    @Test
    void bugsSaySoAndPointAtDebug() {
        ErrorReport r = ErrorReport.of(new IllegalStateException("boom"));
        assertThat(r.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(r.sentence()).isEqualTo("unexpected IllegalStateException: boom (run again with --debug for the stack trace).");
    }
}
