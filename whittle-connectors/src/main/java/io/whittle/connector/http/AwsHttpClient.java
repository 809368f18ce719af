package io.whittle.connector.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The AWS SDK's HTTP client, carried by {@link RestClient}: every ECR and STS call passes the outbound policy like
 * any other request. The SDK retries on its own, so this client does not. Bodies are small JSON or XML documents.
 */
public final class AwsHttpClient implements SdkHttpClient {
    private final RestClient rest;
    private final String operation;

    /** {@code operation} names the calls in messages, e.g. "call AWS". */
    public AwsHttpClient(RestClient rest, String operation) {
        this.rest = Objects.requireNonNull(rest, "rest");
        this.operation = Objects.requireNonNull(operation, "operation");
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                return execute(request);
            }

            @Override
            public void abort() {
                // Requests are short and bounded by the client's timeouts.
            }
        };
    }

    private HttpExecuteResponse execute(HttpExecuteRequest request) throws IOException {
        SdkHttpRequest http = request.httpRequest();
        RestRequest req = RestRequest.of(http.method().name(), operation, http.host(), http.getUri()).noRetry()
                .maxBody(RestRequest.LISTING_BODY);
        for (Map.Entry<String, List<String>> h : http.headers().entrySet()) {
            for (String v : h.getValue()) {
                req.header(h.getKey(), v);
            }
        }
        if (request.contentStreamProvider().isPresent()) {
            try (InputStream in = request.contentStreamProvider().get().newStream()) {
                byte[] body = in.readAllBytes();
                String type = http.firstMatchingHeader("Content-Type").orElse("application/octet-stream");
                req.body(body, type);
            }
        }
        RestResponse r = rest.send(req);
        SdkHttpResponse.Builder resp = SdkHttpResponse.builder().statusCode(r.status());
        r.headers().forEach(resp::putHeader);
        return HttpExecuteResponse.builder().response(resp.build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(r.body()))).build();
    }

    @Override
    public String clientName() {
        return "whittle";
    }

    @Override
    public void close() {
        // The RestClient belongs to whoever made it.
    }
}
