package io.whittle.connector;

import io.whittle.oci.Failure;
import java.util.List;
import java.util.Optional;

/**
 * What a user entered does not pass the form's validation; every problem is listed with its field. The message is
 * the first problem (and how many more there are).
 */
public final class InvalidFieldsException extends ConnectorCheckException {
    private final List<FieldProblem> problems;

    public InvalidFieldsException(String provider, List<FieldProblem> problems) {
        super(Failure.INVALID, problems.isEmpty() ? Optional.empty() : problems.getFirst().field(), "validate",
                provider, message(problems), false, null);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidFieldsException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }

    private static String message(List<FieldProblem> problems) {
        if (problems.isEmpty()) {
            return "";
        }
        String first = problems.getFirst().message();
        return problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more problem"
                + (problems.size() > 2 ? "s" : "") + ")";
    }
}
