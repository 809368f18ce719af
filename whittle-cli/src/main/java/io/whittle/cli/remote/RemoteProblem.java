package io.whittle.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.whittle.cli.ExitCode;
import java.io.IOException;

/**
 * The server refused a call: its RFC 9457 {@code detail} sentence, and the exit code the HTTP status stands for
 * (401/403 authentication or permission, 404 not found, 400/422 usage, anything else a failure).
 */
public final class RemoteProblem extends IOException {
    private final int status;
    private final transient JsonNode body;

    public RemoteProblem(int status, String detail) {
        this(status, detail, MissingNode.getInstance());
    }

    /** @param body the whole problem document (its {@code type}, {@code errors}, {@code failure}…) */
    public RemoteProblem(int status, String detail, JsonNode body) {
        super(detail);
        this.status = status;
        this.body = body == null ? MissingNode.getInstance() : body;
    }

    public int status() {
        return status;
    }

    /** The problem document as the server sent it; a missing node when it sent none. */
    public JsonNode body() {
        return body;
    }

    /** The problem's {@code type} (e.g. {@code connector-check-failed} of
     * {@code urn:whittle:problem:connector-check-failed}), empty when it has none. */
    public String type() {
        String t = body.path("type").asText("");
        int cut = Math.max(t.lastIndexOf('/'), t.lastIndexOf(':'));
        return cut >= 0 ? t.substring(cut + 1) : t;
    }

    public int exitCode() {
        return switch (status) {
            case 401, 403 -> ExitCode.AUTH;
            case 404 -> ExitCode.NOT_FOUND;
            case 400, 422 -> ExitCode.USAGE;
            default -> ExitCode.FAILED;
        };
    }
}
