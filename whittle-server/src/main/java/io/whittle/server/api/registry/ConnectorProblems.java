package io.whittle.server.api.registry;

import io.whittle.connector.ConnectorCheckException;
import io.whittle.connector.FieldProblem;
import io.whittle.connector.InvalidFieldsException;
import io.whittle.oci.AccessException;
import io.whittle.oci.DigestMismatchException;
import io.whittle.oci.OciException;
import io.whittle.oci.PlatformNotFoundException;
import io.whittle.oci.UnsupportedManifestException;
import io.whittle.platform.connector.BuiltInConnectorException;
import io.whittle.platform.connector.ConnectorConflictException;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.connector.ConnectorNotFoundException;
import io.whittle.platform.connector.DuplicateConnectorNameException;
import io.whittle.platform.connector.InvalidConnectorIdException;
import io.whittle.platform.connector.SecretRequiredException;
import io.whittle.server.http.ApiProblem;
import io.whittle.server.http.FieldError;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what the connector service, the store and registry calls throw into problem documents, as the CLI's
 * {@code ConnectorErrors} turns them into exit codes; messages pass unchanged (they are written for people and never
 * hold a secret).
 *
 * <ul>
 *   <li>what the user entered is wrong (form validation, a failed check before saving, secrets required again):
 *       422 with {@code errors}, one {@link FieldError} per form field;</li>
 *   <li>a missing connector, or one of another organization: 404; a duplicate name, a stale version or a change
 *       of a built-in connector: 409;</li>
 *   <li>the stored credential or address of a saved connector no longer works (refused, lacking a permission, or
 *       denied by the outbound policy): <b>424 Failed Dependency</b>, type {@code connector-unusable}, whose detail
 *       says to edit the connector: the request was fine, the connector it depends on is not;</li>
 *   <li>the registry failed (unreachable, 5xx, corrupt content, rate limits that outlasted the retries): 502 with the
 *       provider's sentence; what the registry does not have: 404; a malformed reference: 400.</li>
 * </ul>
 */
final class ConnectorProblems {
    /** The 422 type of a connector whose check failed before it was saved. */
    static final String CHECK_FAILED = "connector-check-failed";
    /** The 424 type of a saved connector whose credential or address no longer works. */
    static final String UNUSABLE = "connector-unusable";

    private ConnectorProblems() {
    }

    @FunctionalInterface
    interface Work<T> {
        T run() throws IOException;
    }

    /** Runs a change of connectors (add, edit): what fails is reported as the caller's input being wrong. */
    static <T> T change(Work<T> work) throws IOException {
        try {
            return work.run();
        } catch (InvalidFieldsException e) {
            throw invalid(e.getMessage(), e.problems().stream().map(ConnectorProblems::error).toList());
        } catch (ConnectorCheckException e) {
            throw new ApiProblem(422, CHECK_FAILED, "The connector's check failed", sentence(e.getMessage())
                    + " Fix it, or save the connector unverified with ?verify=false.",
                    Map.of("errors", List.of(new FieldError(e.field(), e.getMessage())), "failure", e.failure()));
        } catch (SecretRequiredException e) {
            throw invalid(e.getMessage(), e.fields().stream()
                    .map(f -> FieldError.of(f, "Enter " + f + " again: the connector's destination changes.")).toList());
        } catch (RuntimeException e) {
            ApiProblem p = platform(e);
            if (p != null) {
                throw p;
            }
            if (e instanceof IllegalArgumentException) {
                throw invalid(e.getMessage(), List.of(new FieldError(Optional.empty(), e.getMessage())));
            }
            throw e;
        }
    }

    /** Runs work with a saved connector; the stored connector failing is a 424, the registry failing a 502. */
    static <T> T use(ConnectorId id, Work<T> work) throws IOException {
        try {
            return work.run();
        } catch (AccessException e) {
            throw of(id, e);
        } catch (InterruptedIOException e) {
            throw ApiProblem.unavailable("The server is stopping: try again in a moment.", Map.of());
        } catch (PlatformNotFoundException e) {
            throw ApiProblem.notFound(e.getMessage());
        } catch (UnsupportedManifestException e) {
            throw new ApiProblem(422, "unsupported-content", "Unsupported content", e.getMessage(), Map.of());
        } catch (OciException e) {
            throw ApiProblem.badRequest(e.getMessage());
        } catch (DigestMismatchException e) {
            throw new ApiProblem(502, "registry-failed", "The registry call failed", e.getMessage(), Map.of());
        } catch (RuntimeException e) {
            ApiProblem p = platform(e);
            if (p != null) {
                throw p;
            }
            throw e;
        }
    }

    /** The problem for the store's refusals; {@code null} for anything else. */
    static ApiProblem platform(RuntimeException e) {
        if (e instanceof ConnectorNotFoundException) {
            return ApiProblem.notFound(e.getMessage());
        }
        if (e instanceof InvalidConnectorIdException) {
            return ApiProblem.badRequest(e.getMessage());
        }
        if (e instanceof DuplicateConnectorNameException || e instanceof ConnectorConflictException
                || e instanceof BuiltInConnectorException) {
            return ApiProblem.conflict(e.getMessage());
        }
        return null;
    }

    /** A registry operation through saved connector {@code id} failed. */
    static ApiProblem of(ConnectorId id, AccessException e) {
        String why = sentence(e.getMessage());
        return switch (e.failure()) {
            case UNAUTHORIZED, DENIED, BLOCKED -> new ApiProblem(424, UNUSABLE, "The connector's credential or address"
                    + " does not work", why + " Edit connector " + id + " (PATCH /api/v1/connectors/" + id + ") to fix"
                    + " it, then test it.", Map.of("failure", e.failure(), "connector", id.toString()));
            case NOT_FOUND -> ApiProblem.notFound(why);
            case INVALID -> ApiProblem.badRequest(why);
            case UNSUPPORTED -> new ApiProblem(422, "unsupported-content", "Unsupported content", why,
                    Map.of("failure", e.failure()));
            default -> new ApiProblem(502, "registry-failed", "The registry call failed", why,
                    Map.of("failure", e.failure()));
        };
    }

    static ApiProblem invalid(String detail, List<FieldError> errors) {
        return ApiProblem.unprocessable(detail, Map.of("errors", List.copyOf(errors)));
    }

    static FieldError error(FieldProblem p) {
        return new FieldError(p.field(), p.message());
    }

    /** The message as a sentence ending in a full stop, so that another can follow it. */
    static String sentence(String message) {
        String m = message == null ? "" : message.strip();
        return m.isEmpty() || m.endsWith(".") || m.endsWith("?") || m.endsWith("!") ? m : m + ".";
    }
}
