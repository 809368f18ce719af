package io.whittle.registry;

import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.DigestMismatchException;
import io.whittle.oci.Failure;
import io.whittle.oci.VerifyingInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code GET /v2/<name>/blobs/<digest>}, streamed and verified as it streams: the digest and the exact size are
 * checked, more bytes than the descriptor states fail at once, and a connection cut part-way resumes with
 * {@code Range: bytes=N-} (continuing the same hash; a server that answers a range request with the whole
 * blob is read past the bytes already had). A manifest's foreign {@code urls} are tried, without credentials,
 * when the registry does not have the blob.
 */
final class BlobPuller {
    private final Repo repo;

    BlobPuller(Repo repo) {
        this.repo = repo;
    }

    InputStream open(Descriptor blob) throws IOException {
        String subject = repo.display(blob.digest().toString());
        Endpoint ep = repo.endpoint("pull blob", subject);
        List<Source> sources = new ArrayList<>();
        sources.add(new Source(repo.uri(ep, "blobs/" + blob.digest()), false));
        for (String u : blob.urls()) {
            try {
                sources.add(new Source(new URI(u), true));
            } catch (URISyntaxException e) {
                // an unusable URL in a manifest is skipped; the others may work
            }
        }
        AccessException notFound = null;
        for (Source s : sources) {
            Response first;
            try {
                first = request(ep, s, subject, 0);
            } catch (AccessException e) {
                if (e.failure() == Failure.NOT_FOUND || (s.foreign && e.failure() != Failure.CORRUPT)) {
                    notFound = notFound == null ? e : notFound;
                    continue;
                }
                throw e;
            }
            OptionalLong announced = first.contentLength();
            if (first.status() == 200 && announced.isPresent() && announced.getAsLong() != blob.size()) {
                first.abort();
                throw ManifestPuller.corrupt("pull blob", subject, "the registry announced " + announced.getAsLong()
                        + " bytes for a blob whose descriptor states " + blob.size());
            }
            Resuming raw = new Resuming(ep, s, subject, blob.size(), first);
            return new Checked(new VerifyingInputStream(raw, blob.digest(), blob.size()), subject);
        }
        throw notFound;
    }

    private record Source(URI uri, boolean foreign) {
    }

    private Response request(Endpoint ep, Source s, String subject, long from) throws IOException {
        Request r = Request.get("pull blob", subject, s.uri, ep).scope(repo.pull()).streaming().ok(200, 206);
        if (s.foreign) {
            r.anonymous();
        }
        if (from > 0) {
            r.header("Range", "bytes=" + from + "-");
        }
        return repo.caller().send(r);
    }

    /** The raw bytes of one blob across as many connections as it takes (bounded). */
    private final class Resuming extends InputStream {
        private final Endpoint ep;
        private final Source source;
        private final String subject;
        private final long size;
        private Response current;
        private InputStream in;
        private long position;
        private int resumes;
        private boolean closed;

        Resuming(Endpoint ep, Source source, String subject, long size, Response first) throws IOException {
            this.ep = ep;
            this.source = source;
            this.subject = subject;
            this.size = size;
            this.current = first;
            this.in = first.stream();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                if (closed) {
                    throw new IOException("the blob stream is closed");
                }
                try {
                    int n = in.read(b, off, len);
                    if (n > 0) {
                        position += n;
                    }
                    return n;
                } catch (IOException e) {
                    if (position >= size) {
                        throw e; // the cut came after all we need: let the verifier judge what there is
                    }
                    resume(e);
                }
            }
        }

        private void resume(IOException cause) throws IOException {
            current.abort();
            if (resumes >= repo.caller().retries().maxResumes()) {
                throw new AccessException(Failure.UNAVAILABLE, "pull blob", subject, "pull blob " + subject
                        + ": the download broke off after " + position + " of " + size + " bytes and "
                        + (resumes == 0 ? "resuming is turned off" : "did not complete after " + resumes + " resumes")
                        + " (" + cause.getMessage() + "): try again", true, cause);
            }
            resumes++;
            Response next = request(ep, source, subject, position);
            if (next.status() == 206) {
                long start = contentRangeStart(next.header("Content-Range"));
                if (start != position) {
                    next.abort();
                    throw ManifestPuller.corrupt("pull blob", subject, "the registry resumed at byte " + start
                            + " when asked for byte " + position);
                }
                current = next;
                in = next.stream();
            } else {
                // 200: the whole blob again; skip what was already read (and hashed).
                current = next;
                in = next.stream();
                try {
                    in.skipNBytes(position);
                } catch (IOException e) {
                    resume(e);
                }
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                current.close();
            }
        }
    }

    static long contentRangeStart(Optional<String> header) {
        // "bytes 100-199/200"
        if (header.isEmpty()) {
            return -1;
        }
        String v = header.get().strip();
        if (v.startsWith("bytes")) {
            v = v.substring(5).strip();
        }
        int dash = v.indexOf('-');
        try {
            return dash > 0 ? Long.parseLong(v.substring(0, dash).strip()) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reports a digest or size mismatch as an {@link AccessException} naming the blob. */
    private static final class Checked extends FilterInputStream {
        private final String subject;

        Checked(InputStream in, String subject) {
            super(in);
            this.subject = subject;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (DigestMismatchException e) {
                throw corrupt(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (DigestMismatchException e) {
                throw corrupt(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (DigestMismatchException e) {
                throw corrupt(e);
            }
        }

        private AccessException corrupt(DigestMismatchException e) {
            return new AccessException(Failure.CORRUPT, "pull blob", subject, "pull blob " + subject + ": "
                    + e.getMessage() + ": the registry's copy is damaged; do not use it", false, e);
        }
    }
}
