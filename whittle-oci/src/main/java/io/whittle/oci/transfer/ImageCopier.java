package io.whittle.oci.transfer;

import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.DigestMismatchException;
import io.whittle.oci.Failure;
import io.whittle.oci.ImageManifest;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.Manifest;
import io.whittle.oci.MediaType;
import io.whittle.oci.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies an image or an index from an {@link ImageSource} to an {@link ImageTarget}, byte for byte, so every
 * digest stays the same.
 *
 * <p>The manifests are read first. Blobs, de-duplicated by digest across all images, then move on a
 * bounded pool: each is skipped when the target has it, else mounted when the target can borrow it, else
 * sent. The first failure stops the others and is reported with the blob named. Manifests are written last,
 * children before parents; a child the target already holds is not written again, and the top manifest is
 * written unless the target already has it under the destination tag.
 *
 * <p>A target that vouches for what its manifests reference (a registry: see {@link ImageTarget#completeTag})
 * spares the blob-by-blob checks: when it already has the top manifest under the tag, nothing is written; when it
 * has it under another tag, only the tag is. go-containerregistry's {@code remote.Write} does the same.
 */
public final class ImageCopier {
    /** Indexes nested deeper than this are taken for a loop. */
    private static final int MAX_DEPTH = 8;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final CopyOptions options;

    public ImageCopier(CopyOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public ImageCopier() {
        this(CopyOptions.defaults());
    }

    /**
     * Copies what {@code tagOrDigest} names in {@code source} to {@code target}, tagged {@code destinationTag}
     * when given.
     *
     * @throws io.whittle.oci.PlatformNotFoundException when one platform is asked of an index that lacks it
     * @throws AccessException                          naming the blob or manifest that failed
     */
    public CopyResult copy(ImageSource source, String tagOrDigest, ImageTarget target, Optional<String> destinationTag)
            throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(destinationTag, "destinationTag");
        CopyListener listener = options.listener();

        // What the target's tag names is asked while the source's manifests are read: a copy of what the target
        // already holds under that tag then ends after a request or two to each side.
        Lookahead tagged = destinationTag.isPresent() ? Lookahead.start(target, destinationTag.get()) : Lookahead.NONE;
        Manifest top = source.manifest(tagOrDigest);
        if (Digest.isDigest(tagOrDigest)) {
            Digest wanted = Digest.parse(tagOrDigest);
            Digest actual = Digest.of(wanted.algorithm(), top.raw());
            if (!actual.equals(wanted)) {
                throw new AccessException(Failure.CORRUPT, "read manifest", tagOrDigest, "the manifest " + wanted
                        + " from " + source.describe() + " hashes to " + actual + ": the source is corrupt");
            }
        }
        if (top instanceof IndexManifest index && !(options.platforms() instanceof PlatformChoice.All)) {
            top = choose(source, index, platformOf(options.platforms()));
        }

        Plan plan = new Plan();
        plan.walk(source, top, 0);
        List<Descriptor> blobs = new ArrayList<>();
        int foreign = 0;
        for (Descriptor b : plan.blobs.values()) {
            if (!options.copyForeignLayers() && MediaType.isNonDistributable(b.mediaType()) && !b.urls().isEmpty()) {
                foreign++;
            } else {
                blobs.add(b);
            }
        }
        listener.planned(List.copyOf(blobs));
        Descriptor topDescriptor = Descriptor.of(top.mediaType(), top.raw());

        Optional<Digest> underTag = tagged.get();
        if (underTag.isPresent() && underTag.get().equals(topDescriptor.digest())) {
            // The target vouches for the manifest under the tag, and so for everything it references.
            skipAll(blobs);
            listener.manifestPresent(topDescriptor, destinationTag);
            return new CopyResult(topDescriptor.digest(), top.mediaType(), blobs.size(), 0, 0, foreign, 0, 0,
                    plan.manifests.size());
        }
        if (target.holdsComplete(topDescriptor)) {
            // Everything is there already, under another tag or none: at most the tag is left to write.
            skipAll(blobs);
            int written = 0;
            if (destinationTag.isPresent()) {
                putManifest(source, target, top, topDescriptor, destinationTag, true);
                written = 1;
            } else {
                listener.manifestPresent(topDescriptor, destinationTag);
            }
            return new CopyResult(topDescriptor.digest(), top.mediaType(), blobs.size(), 0, 0, foreign, 0, written,
                    plan.manifests.size() - written);
        }

        AtomicLong bytesSent = new AtomicLong();
        Map<BlobOutcome, Integer> outcomes = copyBlobs(source, target, blobs, bytesSent);

        int written = 0;
        int skipped = 0;
        for (Manifest m : plan.manifests) {
            if (m == top) {
                continue;
            }
            Descriptor d = Descriptor.of(m.mediaType(), m.raw());
            if (target.hasManifest(d)) {
                skipped++;
                continue;
            }
            putManifest(source, target, m, d, Optional.empty(), false);
            written++;
        }
        putManifest(source, target, top, topDescriptor, destinationTag, true);
        written++;

        return new CopyResult(topDescriptor.digest(), top.mediaType(),
                outcomes.getOrDefault(BlobOutcome.SKIPPED, 0), outcomes.getOrDefault(BlobOutcome.MOUNTED, 0),
                outcomes.getOrDefault(BlobOutcome.COPIED, 0), foreign, bytesSent.get(), written, skipped);
    }

    /** Tells the listener that every blob is there, none looked at one by one. */
    private void skipAll(List<Descriptor> blobs) {
        CopyListener listener = options.listener();
        for (Descriptor b : blobs) {
            listener.blobStarted(b);
            listener.blobFinished(b, BlobOutcome.SKIPPED);
        }
    }

    /**
     * {@link ImageTarget#completeTag} asked on a thread of its own. A refusal of the credentials counts as "not
     * known" (the copy then goes blob by blob, and a real lack of access fails there, worded for the push); any
     * other failure fails the copy.
     */
    private static final class Lookahead {
        static final Lookahead NONE = new Lookahead(null);

        private final FutureTask<Optional<Digest>> task;

        private Lookahead(FutureTask<Optional<Digest>> task) {
            this.task = task;
        }

        static Lookahead start(ImageTarget target, String tag) {
            FutureTask<Optional<Digest>> task = new FutureTask<>(() -> target.completeTag(tag));
            Thread t = new Thread(task, "whittle-copy-tag");
            t.setDaemon(true);
            t.start();
            return new Lookahead(task);
        }

        Optional<Digest> get() throws IOException {
            if (task == null) {
                return Optional.empty();
            }
            try {
                return task.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AccessException a
                        && (a.failure() == Failure.UNAUTHORIZED || a.failure() == Failure.DENIED)) {
                    return Optional.empty();
                }
                throw rethrow(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("the copy was interrupted");
            }
        }
    }

    private static Platform platformOf(PlatformChoice choice) {
        if (choice instanceof PlatformChoice.One one) {
            return one.platform();
        }
        if (choice instanceof PlatformChoice.Host) {
            return Platform.host();
        }
        throw new IllegalStateException("all platforms need no choice");
    }

    /** The image manifest for {@code platform}, through nested indexes when there are any. */
    private static Manifest choose(ImageSource source, IndexManifest index, Platform platform) throws IOException {
        IndexManifest current = index;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            Manifest child = source.manifest(current.select(platform));
            if (child instanceof IndexManifest nested) {
                current = nested;
            } else {
                return child;
            }
        }
        throw tooDeep(source, index.digest());
    }

    /** Every manifest to write, children before parents, and every blob they reference, once each. */
    private static final class Plan {
        final List<Manifest> manifests = new ArrayList<>();
        final Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
        private final Map<Digest, Boolean> seen = new LinkedHashMap<>();

        void walk(ImageSource source, Manifest m, int depth) throws IOException {
            if (depth > MAX_DEPTH) {
                throw tooDeep(source, m.digest());
            }
            if (seen.putIfAbsent(m.digest(), Boolean.TRUE) != null) {
                return;
            }
            // instanceof rather than a pattern switch, whose first use generates a class at run time: some
            // 10 ms of a CLI copy that otherwise takes a few tens.
            if (m instanceof IndexManifest index) {
                for (Descriptor child : index.manifests()) {
                    walk(source, source.manifest(child), depth + 1);
                }
            } else {
                for (Descriptor b : ((ImageManifest) m).blobs()) {
                    blobs.putIfAbsent(b.digest(), b);
                }
            }
            manifests.add(m);
        }
    }

    private static AccessException tooDeep(ImageSource source, Digest digest) {
        return new AccessException(Failure.INVALID, "read index", digest.toString(), "the index " + digest + " in "
                + source.describe() + " nests indexes more than " + MAX_DEPTH + " deep, or in a loop: it cannot be copied");
    }

    private Map<BlobOutcome, Integer> copyBlobs(ImageSource source, ImageTarget target, List<Descriptor> blobs,
                                                AtomicLong bytesSent) throws IOException {
        Map<BlobOutcome, Integer> counts = new java.util.EnumMap<>(BlobOutcome.class);
        if (blobs.isEmpty()) {
            return counts;
        }
        int threads = Math.min(options.parallelism(), blobs.size());
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
        ExecutorCompletionService<BlobOutcome> done = new ExecutorCompletionService<>(pool);
        List<Future<BlobOutcome>> futures = new ArrayList<>(blobs.size());
        try {
            for (Descriptor b : blobs) {
                futures.add(done.submit(() -> copyBlob(source, target, b, bytesSent)));
            }
            for (int i = 0; i < blobs.size(); i++) {
                Future<BlobOutcome> f = done.take();
                counts.merge(f.get(), 1, Integer::sum);
            }
            return counts;
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the copy was interrupted");
        } finally {
            // The first failure stops the rest; waiting lets every target clean up its partial files first.
            futures.forEach(f -> f.cancel(true));
            pool.shutdownNow();
            try {
                if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                    Thread.currentThread().interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private BlobOutcome copyBlob(ImageSource source, ImageTarget target, Descriptor blob, AtomicLong bytesSent)
            throws AccessException {
        CopyListener listener = options.listener();
        try {
            listener.blobStarted(blob);
            BlobOutcome outcome;
            if (target.hasBlob(blob)) {
                outcome = BlobOutcome.SKIPPED;
            } else if (target.mountBlob(blob, source)) {
                outcome = BlobOutcome.MOUNTED;
            } else {
                try (InputStream in = new ProgressInputStream(source.openBlob(blob), blob, listener, bytesSent)) {
                    target.putCheckedBlob(blob, in);
                }
                outcome = BlobOutcome.COPIED;
            }
            listener.blobFinished(blob, outcome);
            return outcome;
        } catch (IOException | RuntimeException e) {
            throw wrap("copy blob", blob.digest(), source, target, e);
        }
    }

    private void putManifest(ImageSource source, ImageTarget target, Manifest m, Descriptor d, Optional<String> tag,
                             boolean isTop) throws IOException {
        try {
            if (isTop) {
                target.putTopManifest(m, tag);
            } else {
                target.putManifest(m, tag);
            }
        } catch (IOException | RuntimeException e) {
            throw wrap("write manifest", d.digest(), source, target, e);
        }
        options.listener().manifestWritten(d, tag);
    }

    private static AccessException wrap(String operation, Digest digest, ImageSource source, ImageTarget target,
                                        Exception e) {
        Failure failure = e instanceof AccessException a ? a.failure()
                : e instanceof DigestMismatchException ? Failure.CORRUPT : Failure.OTHER;
        boolean retryable = e instanceof AccessException a && a.retryable();
        String what = operation.equals("copy blob") ? "blob " : "manifest ";
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (reason.endsWith(".")) {
            reason = reason.substring(0, reason.length() - 1);
        }
        return new AccessException(failure, operation, digest.toString(), "copying " + what + digest + " from "
                + source.describe() + " to " + target.describe() + " failed: " + reason, retryable, e);
    }

    private static IOException rethrow(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof CancellationException c) {
            return new InterruptedIOException("the copy was cancelled");
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IOException(cause);
    }

    private static ThreadFactory daemonThreads() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "whittle-copy-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
