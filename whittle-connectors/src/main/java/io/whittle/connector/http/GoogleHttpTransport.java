package io.whittle.connector.http;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * google-http-client's transport, carried by {@link RestClient}, so that google-auth-library's token exchanges pass
 * the outbound policy like any other request.
 */
public final class GoogleHttpTransport extends HttpTransport {
    private final RestClient rest;

    public GoogleHttpTransport(RestClient rest) {
        this.rest = Objects.requireNonNull(rest, "rest");
    }

    @Override
    protected LowLevelHttpRequest buildRequest(String method, String url) {
        return new Request(method, URI.create(url));
    }

    private final class Request extends LowLevelHttpRequest {
        private final String method;
        private final URI uri;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();

        Request(String method, URI uri) {
            this.method = method;
            this.uri = uri;
        }

        @Override
        public void addHeader(String name, String value) {
            headers.add(Map.entry(name, value));
        }

        @Override
        public LowLevelHttpResponse execute() throws IOException {
            RestRequest req = RestRequest.of(method, "exchange the Google key", uri.getHost(), uri)
                    .maxBody(RestRequest.SMALL_BODY);
            headers.forEach(h -> req.header(h.getKey(), h.getValue()));
            if (getStreamingContent() != null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                getStreamingContent().writeTo(out);
                req.body(out.toByteArray(), getContentType() == null ? "application/octet-stream" : getContentType());
            }
            return new Response(rest.send(req));
        }
    }

    private static final class Response extends LowLevelHttpResponse {
        private final RestResponse r;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();

        Response(RestResponse r) {
            this.r = r;
            r.headers().forEach((k, vs) -> vs.forEach(v -> headers.add(Map.entry(k, v))));
        }

        @Override
        public InputStream getContent() {
            return new ByteArrayInputStream(r.body());
        }

        @Override
        public String getContentEncoding() {
            return r.header("Content-Encoding").orElse(null);
        }

        @Override
        public long getContentLength() {
            return r.body().length;
        }

        @Override
        public String getContentType() {
            return r.header("Content-Type").orElse(null);
        }

        @Override
        public String getStatusLine() {
            return "HTTP/1.1 " + r.status();
        }

        @Override
        public int getStatusCode() {
            return r.status();
        }

        @Override
        public String getReasonPhrase() {
            return "";
        }

        @Override
        public int getHeaderCount() {
            return headers.size();
        }

        @Override
        public String getHeaderName(int index) {
            return headers.get(index).getKey();
        }

        @Override
        public String getHeaderValue(int index) {
            return headers.get(index).getValue();
        }
    }
}
