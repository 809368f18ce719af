package io.whittle.connector;

import io.whittle.connector.http.RestClient;
import io.whittle.connector.http.RestRequest;
import io.whittle.connector.http.RestResponse;
import io.whittle.oci.AccessException;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;

/**
 * One provider's REST API: its base URL, how every call is authorized, and the refusals every call maps the same way
 * (a revoked token, a missing scope). Calls other than GET are never retried: they change something.
 */
public final class ProviderApi {

    /** Adds the API's credential (and any fixed headers) to a request. */
    @FunctionalInterface
    public interface Authorization {
        void sign(RestRequest request) throws IOException;
    }

    /** Throws for the answers that mean the same in every call of the API; returns for the others. */
    @FunctionalInterface
    public interface Refusals {
        Refusals NONE = (response, method, operation, subject) -> { };

        void check(RestResponse response, String method, String operation, String subject) throws AccessException;
    }

    private final RestClient rest;
    private final String base;
    private final Authorization authorization;
    private final Refusals refusals;

    public ProviderApi(RestClient rest, URI base, Authorization authorization, Refusals refusals) {
        this.rest = Objects.requireNonNull(rest, "rest");
        this.base = Objects.requireNonNull(base, "base").toString();
        this.authorization = Objects.requireNonNull(authorization, "authorization");
        this.refusals = Objects.requireNonNull(refusals, "refusals");
    }

    /** {@code method} on the base URL followed by {@code pathAndQuery} (already encoded). */
    public RestResponse call(String method, String operation, String subject, String pathAndQuery)
            throws IOException {
        RestRequest request = RestRequest.of(method, operation, subject, URI.create(base + pathAndQuery));
        authorization.sign(request);
        if (!method.equals("GET")) {
            request.noRetry();
        }
        RestResponse r = rest.send(request);
        refusals.check(r, method, operation, subject);
        return r;
    }

    public RestResponse get(String operation, String subject, String pathAndQuery) throws IOException {
        return call("GET", operation, subject, pathAndQuery);
    }

    /** A GET that must succeed: any other answer is reported with what the provider said and {@code advice}. */
    public RestResponse getOk(String operation, String subject, String pathAndQuery, String advice)
            throws IOException {
        return ApiFailures.requireOk(get(operation, subject, pathAndQuery), operation, subject, advice);
    }
}
