package io.whittle.registry;

import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;

/**
 * An open answer from {@link RegistryCaller}. Closing it returns the connection to the pool when the body was
 * read (or is small); a large unread body is not drained but the connection dropped, so abandoning a blob
 * download half-way costs nothing.
 */
final class Response implements AutoCloseable {
    private static final long DRAIN_LIMIT = 64 * 1024;

    private final ClassicHttpResponse response;
    private final HttpUriRequestBase request;
    private final URI uri;
    private final Watchdog.Handle watch;
    private final Request origin;
    private EndTracking body;
    private byte[] buffered;
    private boolean closed;

    Response(ClassicHttpResponse response, HttpUriRequestBase request, URI uri, Watchdog.Handle watch, Request origin) {
        this.response = response;
        this.request = request;
        this.uri = uri;
        this.watch = watch;
        this.origin = origin;
    }

    int status() {
        return response.getCode();
    }

    /** The URI this answer came from, after redirects: relative {@code Location}s resolve against it. */
    URI uri() {
        return uri;
    }

    Request request() {
        return origin;
    }

    Optional<String> header(String name) {
        Header h = response.getFirstHeader(name);
        return h == null ? Optional.empty() : Optional.of(h.getValue());
    }

    List<String> headers(String name) {
        List<String> out = new ArrayList<>();
        for (Header h : response.getHeaders(name)) {
            out.add(h.getValue());
        }
        return out;
    }

    OptionalLong contentLength() {
        HttpEntity e = response.getEntity();
        if (e != null && e.getContentLength() >= 0) {
            return OptionalLong.of(e.getContentLength());
        }
        Optional<String> h = header("Content-Length");
        if (h.isPresent()) {
            try {
                return OptionalLong.of(Long.parseLong(h.get().strip()));
            } catch (NumberFormatException ex) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    /** The body stream (empty when there is none). Read it before closing. */
    InputStream stream() throws IOException {
        if (body == null) {
            HttpEntity e = response.getEntity();
            body = new EndTracking(e == null ? InputStream.nullInputStream() : e.getContent());
        }
        return body;
    }

    /** Reads the whole body now (see {@link Request#buffered}). */
    void buffer(long cap, String what) throws IOException {
        buffered = readBody(cap, what);
    }

    /** The whole body, failing with {@link Failure#INVALID} when it is longer than {@code cap}. */
    byte[] readBody(long cap, String what) throws IOException {
        if (buffered != null) {
            if (buffered.length > cap) {
                throw tooLarge(cap, what, buffered.length);
            }
            return buffered;
        }
        OptionalLong declared = contentLength();
        if (declared.isPresent() && declared.getAsLong() > cap) {
            throw tooLarge(cap, what, declared.getAsLong());
        }
        byte[] data = stream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, cap + 1));
        if (data.length > cap) {
            throw tooLarge(cap, what, -1);
        }
        return data;
    }

    /** Up to {@code cap} bytes of the body, without failing when there are more (error bodies). */
    byte[] readSome(int cap) {
        if (buffered != null) {
            return buffered.length <= cap ? buffered : java.util.Arrays.copyOf(buffered, cap);
        }
        try {
            return stream().readNBytes(cap);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** Reads up to {@code cap} bytes of an error body and keeps them, so that {@link #readSome} answers them again. */
    byte[] peek(int cap) {
        if (buffered == null) {
            buffered = readSome(cap);
        }
        return buffered;
    }

    private AccessException tooLarge(long cap, String what, long declared) {
        return new AccessException(Failure.INVALID, origin.operation, origin.subject, origin.operation + " "
                + origin.subject + ": the registry sent " + what + " " + (declared >= 0 ? "of " + declared + " bytes"
                : "larger than " + cap + " bytes") + ", over Whittle's limit of " + Sizes.human(cap)
                + ": refuse to read it (a registry has no reason to send that much)", false, null);
    }

    /** Stops the deadline: the caller now streams the body, bounded by the read timeout. */
    void detachDeadline() {
        watch.stop();
    }

    boolean timedOut() {
        return watch.fired();
    }

    /** Drops the connection without reading the rest of the body. */
    void abort() {
        request.cancel();
        closeQuietly();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        boolean reusable = body != null ? body.atEnd : response.getEntity() == null;
        if (!reusable) {
            OptionalLong len = contentLength();
            reusable = len.isPresent() && len.getAsLong() - (body == null ? 0 : body.count) <= DRAIN_LIMIT;
        }
        if (reusable) {
            closeQuietly();
        } else {
            abort();
        }
    }

    private void closeQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        watch.stop();
        try {
            response.close();
        } catch (IOException e) {
            // nothing to do: the connection is gone either way
        }
    }

    /** Notes whether the body was read to its end, so that closing can keep the connection. */
    private static final class EndTracking extends FilterInputStream {
        boolean atEnd;
        long count;

        EndTracking(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                atEnd = true;
            } else {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n < 0) {
                atEnd = true;
            } else {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            count += s;
            return s;
        }
    }
}
