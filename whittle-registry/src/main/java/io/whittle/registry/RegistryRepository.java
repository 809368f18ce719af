package io.whittle.registry;

import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.Manifest;
import io.whittle.oci.transfer.ImageSource;
import io.whittle.oci.transfer.ImageTarget;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One repository of a registry, read and written through the OCI distribution API. Thread-safe; cheap to make
 * (it holds no connection of its own: {@link RegistryClient} owns them). Each method is one registry operation
 * carried out by its own class; this class only wires them.
 */
public final class RegistryRepository implements ImageSource, ImageTarget {
    private final Repo repo;
    private final BlobPusher pusher;

    RegistryRepository(RegistryCaller caller, String registry, String repository) {
        this.repo = new Repo(caller, registry, repository);
        this.pusher = new BlobPusher(repo, new ConcurrentHashMap<Digest, URI>());
    }

    /** The registry as image references name it, e.g. {@code 127.0.0.1:5000} or {@code docker.io}. */
    public String registry() {
        return repo.registry();
    }

    /** The repository path, e.g. {@code team/app} or {@code library/nginx}. */
    public String repository() {
        return repo.name();
    }

    /** {@code registry/repository}. */
    @Override
    public String describe() {
        return repo.display();
    }

    // ---- manifests ------------------------------------------------------------------------------------------

    /** The descriptor of the manifest a tag or digest names (a HEAD request), or empty when there is none. */
    public Optional<Descriptor> headManifest(String tagOrDigest) throws IOException {
        return new ManifestChecker(repo).head(requireRef(tagOrDigest));
    }

    /**
     * The manifest a tag or digest names, with its original bytes, verified against the digest asked for and
     * the registry's {@code Docker-Content-Digest}; at most 4 MiB.
     */
    @Override
    public Manifest manifest(String tagOrDigest) throws IOException {
        return new ManifestPuller(repo).pull(requireRef(tagOrDigest));
    }

    /**
     * Stores the manifest's exact bytes under {@code tag}, or under its digest when no tag is given, and answers
     * its digest. Its blobs (and child manifests) must be there first.
     */
    public Digest pushManifest(Manifest manifest, Optional<String> tag) throws IOException {
        return new ManifestPusher(repo).push(Objects.requireNonNull(manifest, "manifest"), tag);
    }

    /** {@link ImageTarget}'s form of {@link #pushManifest}. */
    @Override
    public void putManifest(Manifest manifest, Optional<String> tag) throws IOException {
        pushManifest(manifest, tag);
    }

    /** Deletes a manifest by digest (every tag on it goes too), or a tag where the registry supports that. */
    public void deleteManifest(String tagOrDigest) throws IOException {
        new ManifestDeleter(repo).delete(requireRef(tagOrDigest));
    }

    @Override
    public boolean hasManifest(Descriptor manifest) throws IOException {
        return headManifest(manifest.digest().toString()).isPresent();
    }

    /**
     * The digest {@code tag} names ({@code HEAD} of the tag). A registry accepts a manifest only once what it
     * references is there (the distribution spec lets it refuse one with missing blobs, and registries do), so it
     * vouches for the whole image.
     */
    @Override
    public Optional<Digest> completeTag(String tag) throws IOException {
        return headManifest(tag).map(Descriptor::digest);
    }

    /** {@link #hasManifest}: the registry holds all a manifest references once it holds the manifest. */
    @Override
    public boolean holdsComplete(Descriptor manifest) throws IOException {
        return hasManifest(manifest);
    }

    // ---- tags and referrers -----------------------------------------------------------------------------------

    /** Every tag, following the registry's pagination. */
    public List<String> tags() throws IOException {
        return tagLister().all(tagsPath(), 0);
    }

    /** Every tag, asking for {@code pageSize} per request. */
    public List<String> tags(int pageSize) throws IOException {
        return tagLister().all(tagsPath(), pageSize);
    }

    /**
     * One page of at most {@code n} tags: the first when {@code next} is empty, else the page after the one whose
     * {@link Page#next()} was passed.
     */
    public Page tagsPage(int n, Optional<String> next) throws IOException {
        return tagLister().page(tagsPath(), n, next);
    }

    private NameLister tagLister() throws IOException {
        return new NameLister(repo.caller(), repo.endpoint("list tags", repo.display()), "list tags", repo.display(), repo.pull(), "tags");
    }

    private String tagsPath() {
        return "/v2/" + repo.name() + "/tags/list";
    }

    /**
     * The manifests that name {@code subject} as their subject, optionally only those of one artifact type:
     * from the referrers API, or from the {@code <alg>-<hex>} fallback tag where the registry answers 404.
     */
    public IndexManifest referrers(Digest subject, Optional<String> artifactType) throws IOException {
        return new ReferrersLister(repo).list(Objects.requireNonNull(subject, "subject"), artifactType);
    }

    // ---- blobs ----------------------------------------------------------------------------------------------

    /** The blob's size if the registry has it ({@code -1} when it does not say), else empty. */
    public Optional<Long> headBlob(Digest digest) throws IOException {
        return new BlobChecker(repo).head(Objects.requireNonNull(digest, "digest"));
    }

    @Override
    public boolean hasBlob(Descriptor blob) throws IOException {
        return headBlob(blob.digest()).isPresent();
    }

    /**
     * Streams a blob, verifying digest and size as the bytes pass (a mismatch fails the read with
     * {@link io.whittle.oci.Failure#CORRUPT}) and resuming a cut download with {@code Range}.
     */
    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        return new BlobPuller(repo).open(Objects.requireNonNull(blob, "blob"));
    }

    /**
     * Uploads exactly {@code blob.size()} bytes from {@code content} in one monolithic upload. The stream can be
     * read only once, so a failed upload is not retried here: the exception says whether starting over (from a
     * fresh source stream) may help. Prefer {@link #putBlob(Descriptor, BlobContent)} when the content can be
     * reopened.
     */
    @Override
    public void putBlob(Descriptor blob, InputStream content) throws IOException {
        pusher.push(blob, content, UploadOptions.DEFAULT);
    }

    /** As {@link #putBlob(Descriptor, InputStream)}, with a chosen upload protocol. */
    public void putBlob(Descriptor blob, InputStream content, UploadOptions options) throws IOException {
        pusher.push(blob, content, options);
    }

    /** Uploads a blob whose content can be reopened; a failed upload starts over under the retry policy. */
    public void putBlob(Descriptor blob, BlobContent content) throws IOException {
        pusher.push(blob, content, UploadOptions.DEFAULT);
    }

    public void putBlob(Descriptor blob, BlobContent content, UploadOptions options) throws IOException {
        pusher.push(blob, content, options);
    }

    /**
     * Whether the credentials may push here, found without writing anything: an upload session is opened and
     * cancelled at once. False when the registry refuses push access; other failures (no such repository, an
     * unreachable registry) are thrown.
     */
    public boolean canPush() throws IOException {
        return new PushProbe(repo).canPush();
    }

    /**
     * Mounts the blob from {@code from} when that is another repository of the same registry: true when the
     * registry did so (nothing to send). False otherwise, including when the registry declined; then the next
     * {@code putBlob} of this blob uses the upload session the registry opened.
     */
    @Override
    public boolean mountBlob(Descriptor blob, ImageSource from) throws IOException {
        if (!(from instanceof RegistryRepository other) || !other.registry().equals(registry())
                || other.repository().equals(repository())) {
            return false;
        }
        return new BlobMounter(repo, pusher).mount(blob, other.repository());
    }

    private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("[\\w][\\w.-]{0,127}");

    private String requireRef(String tagOrDigest) throws io.whittle.oci.AccessException {
        Objects.requireNonNull(tagOrDigest, "tagOrDigest");
        if (Digest.isDigest(tagOrDigest) || TAG.matcher(tagOrDigest).matches()) {
            return tagOrDigest;
        }
        throw new io.whittle.oci.AccessException(io.whittle.oci.Failure.INVALID, "resolve", describe(), "'"
                + tagOrDigest + "' is neither a tag nor a digest of " + describe() + ": a tag is 1-128 letters, digits,"
                + " '_', '.' and '-'; a digest is sha256:<64 hex characters>");
    }

    @Override
    public String toString() {
        return "RegistryRepository[" + describe() + "]";
    }
}
