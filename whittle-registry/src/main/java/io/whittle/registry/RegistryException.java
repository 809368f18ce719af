package io.whittle.registry;

import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A registry answered with an error status. Carries the HTTP status, the OCI error codes of the body, the
 * operation ("pull manifest") and the reference, the {@link Failure} kind and whether a retry may help. The
 * message is one sentence, e.g. {@code pull manifest 127.0.0.1:5000/app:v1: the registry has no such manifest
 * (MANIFEST_UNKNOWN): check the tag with `whittle tags`}.
 */
public final class RegistryException extends AccessException {
    private final int status;
    private final List<Detail> details;

    /** One entry of the registry's {@code errors} array; {@code message} is the registry's own words. */
    public record Detail(String code, String message) {
        public Detail {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    public RegistryException(Failure failure, int status, List<Detail> details, String operation, String subject,
                             String message, boolean retryable) {
        super(failure, operation, subject, message, retryable, null);
        this.status = status;
        this.details = List.copyOf(details);
    }

    /**
     * Builds the exception for an error answer.
     *
     * @param hint what to do, replacing the default advice for the code when present
     */
    public static RegistryException of(int status, List<Detail> details, String operation, String subject,
                                       Optional<String> hint) {
        List<ErrorCode> known = new ArrayList<>();
        for (Detail d : details) {
            ErrorCode.of(d.code()).ifPresent(known::add);
        }
        ErrorCode main = known.isEmpty() ? null : known.getFirst();
        Failure failure = failureOf(status, main);
        boolean retryable = status == 429 || main == ErrorCode.TOOMANYREQUESTS
                || (status >= 500 && status != 501 && status != 505);
        String explanation = explanation(status, main, details);
        String codes = details.isEmpty() ? "" : " (" + String.join(", ", details.stream().map(Detail::code)
                .distinct().toList()) + ")";
        String advice = hint.or(() -> advice(status, main)).map(h -> ": " + h).orElse("");
        String message = operation + " " + subject + ": " + explanation + codes + advice;
        return new RegistryException(failure, status, details, operation, subject, message, retryable);
    }

    /** The HTTP status the registry answered. */
    public int status() {
        return status;
    }

    /** The error codes of the answer's body, in order, as the registry spelled them. */
    public List<String> codes() {
        return details.stream().map(Detail::code).toList();
    }

    public List<Detail> details() {
        return details;
    }

    public boolean has(ErrorCode code) {
        return details.stream().anyMatch(d -> code.name().equalsIgnoreCase(d.code()));
    }

    static Failure failureOf(int status, ErrorCode code) {
        if (code != null) {
            switch (code) {
                case BLOB_UNKNOWN, BLOB_UPLOAD_UNKNOWN, MANIFEST_UNKNOWN, NAME_UNKNOWN, MANIFEST_BLOB_UNKNOWN -> {
                    return Failure.NOT_FOUND;
                }
                case UNAUTHORIZED -> {
                    return Failure.UNAUTHORIZED;
                }
                case DENIED -> {
                    return Failure.DENIED;
                }
                case TOOMANYREQUESTS -> {
                    return Failure.RATE_LIMITED;
                }
                case DIGEST_INVALID, SIZE_INVALID -> {
                    return Failure.CORRUPT;
                }
                case MANIFEST_INVALID, NAME_INVALID, BLOB_UPLOAD_INVALID -> {
                    return Failure.INVALID;
                }
                case UNSUPPORTED -> {
                    return Failure.UNSUPPORTED;
                }
                default -> {
                }
            }
        }
        if (status == 404) {
            return Failure.NOT_FOUND;
        }
        if (status == 401) {
            return Failure.UNAUTHORIZED;
        }
        if (status == 403) {
            return Failure.DENIED;
        }
        if (status == 429) {
            return Failure.RATE_LIMITED;
        }
        if (status == 405 || status == 501) {
            return Failure.UNSUPPORTED;
        }
        if (status >= 500) {
            return Failure.UNAVAILABLE;
        }
        if (status == 400 || status == 413 || status == 416) {
            return Failure.INVALID;
        }
        return Failure.OTHER;
    }

    private static String explanation(int status, ErrorCode code, List<Detail> details) {
        if (code != null) {
            return switch (code) {
                case MANIFEST_UNKNOWN -> "the registry has no such manifest";
                case NAME_UNKNOWN -> "the registry has no repository of that name";
                case BLOB_UNKNOWN -> "the registry has no such blob";
                case BLOB_UPLOAD_UNKNOWN -> "the registry no longer knows this upload session";
                case BLOB_UPLOAD_INVALID -> "the registry rejected the blob upload";
                case DIGEST_INVALID -> "the registry says the content does not match its digest";
                case SIZE_INVALID -> "the registry says the content does not have the stated size";
                case MANIFEST_BLOB_UNKNOWN -> "the manifest references a blob the registry does not have";
                case MANIFEST_INVALID -> "the registry rejected the manifest as invalid";
                case NAME_INVALID -> "the registry rejected the repository name";
                case UNAUTHORIZED -> "the registry requires authentication and did not accept what was sent";
                case DENIED -> "the registry denied access";
                case UNSUPPORTED -> "the registry does not support this operation";
                case TOOMANYREQUESTS -> "the registry is rate-limiting requests";
            };
        }
        String registrySays = details.stream().map(Detail::message).filter(m -> !m.isBlank()).findFirst()
                .map(m -> " (\"" + shorten(m) + "\")").orElse("");
        return switch (status) {
            case 401 -> "the registry requires authentication and did not accept what was sent";
            case 403 -> "the registry denied access";
            case 404 -> "the registry has no such thing";
            case 405 -> "the registry does not allow this operation";
            case 429 -> "the registry is rate-limiting requests";
            default -> status >= 500 ? "the registry failed with HTTP " + status + registrySays
                    : "the registry answered HTTP " + status + registrySays;
        };
    }

    private static Optional<String> advice(int status, ErrorCode code) {
        if (code != null) {
            return Optional.ofNullable(switch (code) {
                case MANIFEST_UNKNOWN -> "check the tag with `whittle tags`";
                case NAME_UNKNOWN -> "check the repository name, or list repositories with `whittle catalog`";
                case BLOB_UNKNOWN -> "the image in the registry may be incomplete; push it again";
                case BLOB_UPLOAD_UNKNOWN, BLOB_UPLOAD_INVALID -> "try the push again";
                case DIGEST_INVALID, SIZE_INVALID -> "the source content may be corrupt; check it and push again";
                case MANIFEST_BLOB_UNKNOWN -> "push the image's blobs before its manifest";
                case MANIFEST_INVALID -> "check that the registry supports the manifest's media type";
                case NAME_INVALID -> "use lowercase letters, digits and the separators '.', '_', '-' and '/'";
                case UNAUTHORIZED -> "log in with `docker login` or check the user name and password";
                case DENIED -> "ask for access to the repository, or check the credentials' permissions";
                case UNSUPPORTED -> null;
                case TOOMANYREQUESTS -> "wait a while, or log in to get a higher limit, and try again";
            });
        }
        if (status == 401) {
            return Optional.of("log in with `docker login` or check the user name and password");
        }
        if (status == 403) {
            return Optional.of("ask for access to the repository, or check the credentials' permissions");
        }
        if (status == 429) {
            return Optional.of("wait a while, or log in to get a higher limit, and try again");
        }
        if (status >= 500) {
            return Optional.of("try again later");
        }
        return Optional.empty();
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
