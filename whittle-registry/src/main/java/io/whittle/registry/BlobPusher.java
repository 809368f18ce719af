package io.whittle.registry;

import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.oci.InvalidDigestException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Uploads a blob: {@code POST /v2/<name>/blobs/uploads/} opens a session, then the bytes go up monolithically
 * (one {@code PUT ?digest=} carrying the body: the fast path), streamed (one {@code PATCH}, then the
 * {@code PUT}), or chunked ({@code PATCH}es with {@code Content-Range} of at least the registry's
 * {@code OCI-Chunk-Min-Length}). Session URLs may be relative or absolute and carry their own query.
 *
 * <p>The bytes are streamed from the source with a fixed buffer, never held. A failed upload from
 * {@link BlobContent} is started over (new session, content reopened) under the retry policy; one from a plain
 * stream cannot be, and fails with a retryable exception for the caller to start over from its source.
 */
final class BlobPusher {
    private static final String OCTETS = "application/octet-stream";

    private final Repo repo;
    /** Sessions a mount attempt opened (202), to be used by the next upload of that blob. */
    private final Map<Digest, URI> pending;

    BlobPusher(Repo repo, Map<Digest, URI> pending) {
        this.repo = repo;
        this.pending = pending;
    }

    BlobPusher(Repo repo) {
        this(repo, new ConcurrentHashMap<>());
    }

    void push(Descriptor blob, BlobContent content, UploadOptions options) throws IOException {
        RetryPolicy retries = repo.caller().retries();
        for (int attempt = 1; ; attempt++) {
            try (InputStream in = content.open()) {
                upload(blob, in, options);
                return;
            } catch (AccessException e) {
                if (!e.retryable() || attempt >= retries.maxAttempts()) {
                    throw e;
                }
                RegistryCaller.pause(retries.backoff(attempt));
            }
        }
    }

    void push(Descriptor blob, InputStream content, UploadOptions options) throws IOException {
        upload(blob, content, options);
    }

    private void upload(Descriptor blob, InputStream in, UploadOptions options) throws IOException {
        String subject = repo.display(blob.digest().toString());
        Endpoint ep = repo.endpoint("push blob", subject);
        Session session = Optional.ofNullable(pending.remove(blob.digest()))
                .map(u -> new Session(u, 0))
                .orElse(null);
        if (session == null) {
            session = start(ep, subject);
        }
        switch (options.mode()) {
            case MONOLITHIC -> monolithic(ep, subject, session, blob, in);
            case STREAMED -> streamed(ep, subject, session, blob, in);
            case CHUNKED -> chunked(ep, subject, session, blob, in, options.chunkSize());
        }
    }

    private record Session(URI location, long minChunk) {
    }

    Session start(Endpoint ep, String subject) throws IOException {
        Request r = new Request("push blob", subject, "POST", repo.uri(ep, "blobs/uploads/"), ep)
                .scope(repo.push())
                .body(new Body.Bytes(new byte[0], OCTETS))
                .ok(202);
        try (Response resp = repo.caller().send(r)) {
            URI location = location(resp, subject);
            long min = resp.header("OCI-Chunk-Min-Length").map(BlobPusher::parseLong).orElse(0L);
            return new Session(location, min);
        }
    }

    private URI monolithic(Endpoint ep, String subject, Session s, Descriptor blob, InputStream in) throws IOException {
        URI put = Repo.withQuery(s.location, "digest", blob.digest().toString());
        Request r = new Request("push blob", subject, "PUT", put, ep)
                .scope(repo.push())
                .body(new Body.Stream(in, blob.size(), OCTETS, true))
                .ok(201, 200, 204)
                .noRetry();
        try (Response resp = repo.caller().send(r)) {
            checkDigest(resp, blob, subject);
            return resp.uri();
        }
    }

    private URI streamed(Endpoint ep, String subject, Session s, Descriptor blob, InputStream in) throws IOException {
        Request patch = new Request("push blob", subject, "PATCH", s.location, ep)
                .scope(repo.push())
                .body(new Body.Stream(in, blob.size(), OCTETS, true))
                .ok(202, 204)
                .noRetry();
        URI next;
        try (Response resp = repo.caller().send(patch)) {
            next = location(resp, subject);
        }
        return commit(ep, subject, next, blob);
    }

    private URI chunked(Endpoint ep, String subject, Session s, Descriptor blob, InputStream in, long chunkSize)
            throws IOException {
        long chunk = Math.max(chunkSize, s.minChunk);
        URI location = s.location;
        long offset = 0;
        while (offset < blob.size()) {
            long n = Math.min(chunk, blob.size() - offset);
            Request patch = new Request("push blob", subject, "PATCH", location, ep)
                    .scope(repo.push())
                    .header("Content-Range", offset + "-" + (offset + n - 1))
                    .body(new Body.Stream(in, n, OCTETS, false))
                    .ok(202, 204)
                    .noRetry();
            try (Response resp = repo.caller().send(patch)) {
                location = location(resp, subject);
                Optional<String> range = resp.header("Range");
                if (range.isPresent()) {
                    long end = rangeEnd(range.get());
                    if (end >= 0 && end != offset + n - 1) {
                        throw new AccessException(Failure.UNAVAILABLE, "push blob", subject, "push blob " + subject
                                + ": the registry acknowledged bytes up to " + end + " when " + (offset + n - 1)
                                + " were sent: try the push again", true, null);
                    }
                }
            }
            offset += n;
        }
        if (in.read() >= 0) {
            throw new AccessException(Failure.CORRUPT, "push blob", subject, "push blob " + subject
                    + ": the content is longer than the " + blob.size() + " bytes its descriptor states: the source"
                    + " is damaged", false, null);
        }
        return commit(ep, subject, location, blob);
    }

    private URI commit(Endpoint ep, String subject, URI location, Descriptor blob) throws IOException {
        Request put = new Request("push blob", subject, "PUT",
                Repo.withQuery(location, "digest", blob.digest().toString()), ep)
                .scope(repo.push())
                .body(new Body.Bytes(new byte[0], OCTETS))
                .ok(201, 200, 204);
        try (Response resp = repo.caller().send(put)) {
            checkDigest(resp, blob, subject);
            return resp.uri();
        }
    }

    private static void checkDigest(Response resp, Descriptor blob, String subject) throws AccessException {
        Optional<String> header = resp.header("Docker-Content-Digest").map(String::strip).filter(h -> !h.isEmpty());
        if (header.isEmpty()) {
            return;
        }
        try {
            Digest d = Digest.parse(header.get());
            if (d.algorithm() == blob.digest().algorithm() && !d.equals(blob.digest())) {
                throw ManifestPuller.corrupt("push blob", subject, "the registry stored the blob as " + d);
            }
        } catch (InvalidDigestException e) {
            throw ManifestPuller.corrupt("push blob", subject, "the registry answered with the invalid digest '"
                    + header.get() + "'");
        }
    }

    static URI location(Response resp, String subject) throws AccessException {
        String loc = resp.header("Location").map(String::strip).orElse("");
        if (loc.isEmpty()) {
            throw new AccessException(Failure.UNSUPPORTED, "push blob", subject, "push blob " + subject + ": the"
                    + " registry opened an upload without saying where to send it (no Location header): the registry"
                    + " is misbehaving", false, null);
        }
        try {
            return resp.uri().resolve(new URI(loc));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new AccessException(Failure.UNSUPPORTED, "push blob", subject, "push blob " + subject + ": the"
                    + " registry's upload location '" + loc + "' is not a valid URL: the registry is misbehaving",
                    false, null);
        }
    }

    private static long rangeEnd(String range) {
        // "0-1023" (some registries write "bytes=0-1023")
        String v = range.strip();
        int eq = v.indexOf('=');
        if (eq >= 0) {
            v = v.substring(eq + 1);
        }
        int dash = v.indexOf('-');
        try {
            return dash >= 0 ? Long.parseLong(v.substring(dash + 1).strip()) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Long parseLong(String s) {
        try {
            return Math.max(0, Long.parseLong(s.strip()));
        } catch (NumberFormatException e) {
            return 0L;
        }
    }

    /** Remembers a session a mount opened, so that the upload that follows uses it. */
    void offer(Digest digest, URI session) {
        pending.put(digest, session);
    }
}
