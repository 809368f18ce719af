package io.whittle.xray.report;

import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;

/** The outcome of {@link CiRules#evaluate}: one result per rule. */
public record CiVerdict(List<Result> results) {
    public CiVerdict {
        results = List.copyOf(results);
    }

    public enum Status { PASS, FAIL, SKIP }

    /** One rule's outcome; {@code message} says why, empty for a skipped rule. */
    public record Result(String rule, Status status, String message) {
        public Result {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(message, "message");
        }

        static Result pass(String rule, String message) {
            return new Result(rule, Status.PASS, message);
        }

        static Result fail(String rule, String message) {
            return new Result(rule, Status.FAIL, message);
        }

        static Result skip(String rule) {
            return new Result(rule, Status.SKIP, "rule disabled");
        }
    }

    public boolean passed() {
        return results.stream().noneMatch(r -> r.status == Status.FAIL);
    }

    public long count(Status status) {
        return results.stream().filter(r -> r.status == status).count();
    }

    /** The PASS/FAIL list and a summary line, as dive prints its results. */
    public void print(PrintWriter out) {
        out.println("CI rules:");
        for (Result r : results) {
            out.println("  " + r.status + "  " + r.rule + ": " + r.message);
        }
        out.println("Result: " + (passed() ? "PASS" : "FAIL") + " [Total:" + results.size() + "] [Passed:"
                + count(Status.PASS) + "] [Failed:" + count(Status.FAIL) + "] [Skipped:" + count(Status.SKIP) + "]");
        out.flush();
    }
}
