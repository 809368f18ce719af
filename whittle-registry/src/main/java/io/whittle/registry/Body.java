package io.whittle.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/** A request body: small bytes (repeatable) or a stream of known length (sent once). */
sealed interface Body permits Body.Bytes, Body.Stream {

    /** The entity for one attempt; a stream body opens its content here. */
    HttpEntity entity() throws IOException;

    /** True when another attempt can send the same bytes again. */
    boolean repeatable();

    /** Bytes sent so far, for stall detection; constant for byte bodies. */
    long progress();

    record Bytes(byte[] data, String contentType) implements Body {
        @Override
        public HttpEntity entity() {
            return new ByteArrayEntity(data, ContentType.parse(contentType));
        }

        @Override
        public boolean repeatable() {
            return true;
        }

        @Override
        public long progress() {
            return 0;
        }
    }

    /**
     * Exactly {@code length} bytes of a stream that can be read once, checked: a short stream fails the request, and
     * so does a longer one when {@code expectEnd}.
     */
    final class Stream implements Body {
        static final int BUFFER = 128 * 1024;

        private InputStream oneShot;
        private final long length;
        private final String contentType;
        private final AtomicLong sent = new AtomicLong();
        private final boolean expectEnd;

        /** From a stream that can be read once: not repeatable. Its end must follow {@code length} bytes. */
        Stream(InputStream content, long length, String contentType, boolean expectEnd) {
            this.oneShot = content;
            this.length = length;
            this.contentType = contentType;
            this.expectEnd = expectEnd;
        }

        @Override
        public HttpEntity entity() throws IOException {
            if (oneShot == null) {
                throw new IOException("the upload stream was already consumed by an earlier attempt");
            }
            InputStream in = oneShot;
            oneShot = null;
            return new Entity(in);
        }

        /** Never: a failed upload is started over by {@link BlobPusher}, which can reopen the content. */
        @Override
        public boolean repeatable() {
            return false;
        }

        @Override
        public long progress() {
            return sent.get();
        }

        /** Streams through one buffer straight into the connection's output: no copy of the blob is kept. */
        private final class Entity extends AbstractHttpEntity {
            private final InputStream in;

            Entity(InputStream in) {
                super(ContentType.parse(contentType), null, false);
                this.in = in;
            }

            @Override
            public long getContentLength() {
                return length;
            }

            @Override
            public InputStream getContent() {
                return in;
            }

            @Override
            public boolean isRepeatable() {
                return false;
            }

            @Override
            public boolean isStreaming() {
                return true;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                byte[] buf = new byte[(int) Math.min(BUFFER, Math.max(1, length))];
                long left = length;
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        throw new ShortContentException(length - left, length);
                    }
                    out.write(buf, 0, n);
                    left -= n;
                    sent.addAndGet(n);
                }
                if (expectEnd && in.read() >= 0) {
                    // also lets a verifying source check its digest at the end
                    throw new ShortContentException(-1, length);
                }
            }

            /** The caller owns the stream (a chunked upload reads several bodies from it). */
            @Override
            public void close() {
            }
        }
    }

    /** The content handed to an upload was shorter or longer than its descriptor said. */
    final class ShortContentException extends IOException {
        final long got;
        final long expected;

        ShortContentException(long got, long expected) {
            super(got < 0 ? "the content is longer than the " + expected + " bytes stated"
                    : "the content ended after " + got + " of the " + expected + " bytes stated");
            this.got = got;
            this.expected = expected;
        }
    }
}
