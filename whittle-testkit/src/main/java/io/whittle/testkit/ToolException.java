package io.whittle.testkit;

/** A peer program exited non-zero or timed out; {@link #result()} holds its output. */
public class ToolException extends TestkitException {
    private final transient ToolResult result;

    public ToolException(String message, ToolResult result) {
        super(message);
        this.result = result;
    }

    /** The command, exit code and captured output. */
    public ToolResult result() {
        return result;
    }

    public String stderr() {
        return result.stderr();
    }
}
