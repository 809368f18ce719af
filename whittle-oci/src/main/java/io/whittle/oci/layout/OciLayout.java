package io.whittle.oci.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.DigestMismatchException;
import io.whittle.oci.Failure;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.JsonTree;
import io.whittle.oci.Manifest;
import io.whittle.oci.MediaType;
import io.whittle.oci.OciException;
import io.whittle.oci.VerifyingInputStream;
import io.whittle.oci.transfer.ImageSource;
import io.whittle.oci.transfer.ImageTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * An OCI image layout directory ({@code oci-layout}, {@code index.json}, {@code blobs/<alg>/<hex>}), read and
 * written the way skopeo and umoci use it: tags are the {@code org.opencontainers.image.ref.name} annotation
 * of {@code index.json} entries.
 *
 * <p>Blobs are written to a temporary file beside their final place, verified, then renamed, so a killed
 * process or a second writer never leaves a complete-looking wrong blob. Changes to {@code index.json} are
 * serialized (a lock inside the JVM and a file lock on {@code oci-layout} across processes) and the file is
 * replaced atomically.
 */
public final class OciLayout implements ImageSource, ImageTarget {
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    public static final String LAYOUT_VERSION = "1.0.0";
    public static final String LAYOUT_FILE = "oci-layout";
    public static final String INDEX_FILE = "index.json";
    public static final String BLOBS_DIR = "blobs";
    /** The same cap registries put on manifests. */
    static final int MANIFEST_MAX = 4 << 20;
    /** index.json grows with tags; this is far beyond any real one. */
    static final long INDEX_MAX = 64L << 20;
    private static final int BUFFER = 128 << 10;
    /** Names of partial files; never taken for blobs, and ignored when a layout is created over them. */
    static final String TEMP_PREFIX = ".whittle-";

    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path dir;

    private OciLayout(Path dir) {
        this.dir = dir;
    }

    /** Opens an existing layout. */
    public static OciLayout open(Path directory) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new AccessException(Failure.NOT_FOUND, "open layout", dir.toString(), "the OCI layout directory "
                    + dir + " does not exist: check the path after 'oci:'");
        }
        Path layoutFile = dir.resolve(LAYOUT_FILE);
        if (!Files.isRegularFile(layoutFile)) {
            throw new AccessException(Failure.NOT_FOUND, "open layout", dir.toString(), "the directory " + dir
                    + " is not an OCI layout: it has no " + LAYOUT_FILE + " file");
        }
        checkVersion(dir, layoutFile);
        if (!Files.isRegularFile(dir.resolve(INDEX_FILE))) {
            throw new AccessException(Failure.INVALID, "open layout", dir.toString(), "the OCI layout " + dir
                    + " has no " + INDEX_FILE + ": it is incomplete, so write it again");
        }
        return new OciLayout(dir);
    }

    /**
     * Opens the layout at {@code directory}, creating it when the directory is missing or empty. A directory
     * holding anything else is refused rather than filled. Two processes may create the same layout at once.
     */
    public static OciLayout create(Path directory) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new AccessException(Failure.INVALID, "create layout", dir.toString(), dir
                    + " is a file, not a directory: choose a new or empty directory for the OCI layout");
        }
        if (Files.isDirectory(dir) && !Files.isRegularFile(dir.resolve(LAYOUT_FILE))) {
            try (Stream<Path> entries = Files.list(dir)) {
                // What a concurrent creator of this same layout may already have made is not "other things".
                if (entries.map(p -> p.getFileName().toString()).anyMatch(n -> !n.equals(BLOBS_DIR)
                        && !n.equals(LAYOUT_FILE) && !n.equals(INDEX_FILE) && !n.startsWith(TEMP_PREFIX))) {
                    throw new AccessException(Failure.INVALID, "create layout", dir.toString(), "the directory " + dir
                            + " is not empty and is not an OCI layout: choose a new or empty directory");
                }
            }
        }
        Files.createDirectories(dir.resolve(BLOBS_DIR));
        Path layoutFile = dir.resolve(LAYOUT_FILE);
        if (!Files.exists(layoutFile)) {
            ObjectNode version = JsonTree.object();
            version.put("imageLayoutVersion", LAYOUT_VERSION);
            Path tmp = tempBeside(layoutFile);
            try {
                Files.write(tmp, JsonTree.bytes(version));
                publicRead(tmp);
                // No replacing: a concurrent creator may have won, and its file is as good as ours.
                Files.move(tmp, layoutFile);
            } catch (FileAlreadyExistsException e) {
                // the other creator's file stays
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        checkVersion(dir, layoutFile);
        OciLayout layout = new OciLayout(dir);
        layout.ensureIndex();
        return layout;
    }

    private static void checkVersion(Path dir, Path layoutFile) throws IOException {
        JsonNode v;
        try {
            v = JsonTree.parse(readBounded(layoutFile, 1 << 16)).get("imageLayoutVersion");
        } catch (IOException e) {
            throw new AccessException(Failure.INVALID, "open layout", dir.toString(), "the " + LAYOUT_FILE
                    + " file of " + dir + " is not valid JSON: the layout is damaged", false, e);
        }
        if (v == null || !v.isTextual() || !v.asText().startsWith("1.")) {
            throw new AccessException(Failure.UNSUPPORTED, "open layout", dir.toString(), "the OCI layout " + dir
                    + " has imageLayoutVersion " + (v == null ? "missing" : v.toString()) + ", but only 1.x layouts"
                    + " can be read");
        }
    }

    private void ensureIndex() throws IOException {
        withIndexLock(() -> {
            if (!Files.exists(dir.resolve(INDEX_FILE))) {
                ObjectNode index = JsonTree.object();
                index.put("schemaVersion", 2);
                index.put("mediaType", MediaType.OCI_INDEX);
                index.putArray("manifests");
                replaceIndex(index);
            }
            return null;
        });
    }

    public Path directory() {
        return dir;
    }

    /** Where the blob with that digest lives: {@code blobs/<algorithm>/<hex>}. */
    public Path blobPath(Digest digest) {
        return dir.resolve(BLOBS_DIR).resolve(digest.algorithm().prefix()).resolve(digest.hex());
    }

    /** The parsed {@code index.json}, with its bytes as they are on disk. */
    public IndexManifest index() throws IOException {
        byte[] bytes = readIndexBytes();
        try {
            Manifest m = Manifest.parse(bytes, Optional.of(MediaType.OCI_INDEX));
            if (m instanceof IndexManifest index) {
                return index;
            }
        } catch (OciException e) {
            throw new AccessException(Failure.INVALID, "read index", dir.toString(), "the " + INDEX_FILE + " of "
                    + dir + " is invalid (" + e.getMessage() + "): the layout is damaged", false, e);
        }
        throw new AccessException(Failure.INVALID, "read index", dir.toString(), "the " + INDEX_FILE + " of " + dir
                + " is an image manifest, not an index: the layout is damaged");
    }

    private byte[] readIndexBytes() throws IOException {
        try {
            return readBounded(dir.resolve(INDEX_FILE), INDEX_MAX);
        } catch (NoSuchFileException e) {
            throw new AccessException(Failure.INVALID, "read index", dir.toString(), "the OCI layout " + dir
                    + " has no " + INDEX_FILE + ": it is incomplete, so write it again", false, e);
        }
    }

    /** The tags in {@code index.json}, in its order. */
    public List<String> tags() throws IOException {
        return index().manifests().stream()
                .map(d -> d.annotations().get(REF_NAME))
                .filter(Objects::nonNull)
                .toList();
    }

    /**
     * The {@code index.json} entry for a tag, or for a digest (a manifest listed at the top level). A tag
     * listed twice resolves to its last entry, as a later write wins.
     */
    public Optional<Descriptor> find(String tagOrDigest) throws IOException {
        List<Descriptor> entries = index().manifests();
        if (Digest.isDigest(tagOrDigest)) {
            Digest d = Digest.parse(tagOrDigest);
            return entries.stream().filter(e -> e.digest().equals(d)).findFirst();
        }
        Descriptor found = null;
        for (Descriptor e : entries) {
            if (tagOrDigest.equals(e.annotations().get(REF_NAME))) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The manifest descriptor a layout reference means: its tag, its digest, or with neither the only entry
     * of {@code index.json} (as skopeo reads {@code oci:DIR}).
     */
    public Descriptor resolve(Optional<String> tagOrDigest) throws IOException {
        if (tagOrDigest.isPresent()) {
            String t = tagOrDigest.get();
            Optional<Descriptor> entry = find(t);
            if (entry.isPresent()) {
                return entry.get();
            }
            if (Digest.isDigest(t)) {
                Manifest m = manifest(t);
                return Descriptor.of(m.mediaType(), m.raw());
            }
            throw tagNotFound(t);
        }
        List<Descriptor> entries = index().manifests();
        if (entries.size() == 1) {
            return entries.getFirst();
        }
        throw new AccessException(Failure.NOT_FOUND, "read manifest", describe(), "the OCI layout " + dir + " holds "
                + entries.size() + " images, so name one: oci:" + dir + ":TAG" + (entries.isEmpty() ? ""
                : " (tags: " + String.join(", ", tags()) + ")"));
    }

    // ---- ImageSource

    @Override
    public String describe() {
        return LayoutReference.PREFIX + dir;
    }

    @Override
    public Manifest manifest(String tagOrDigest) throws IOException {
        Objects.requireNonNull(tagOrDigest, "tagOrDigest");
        Optional<Descriptor> entry;
        Digest digest;
        if (Digest.isDigest(tagOrDigest)) {
            digest = Digest.parse(tagOrDigest);
            entry = find(tagOrDigest);
        } else {
            LayoutReference.checkTag(tagOrDigest);
            entry = find(tagOrDigest);
            digest = entry.orElseThrow(() -> tagNotFound(tagOrDigest)).digest();
        }
        Path path = blobPath(digest);
        byte[] raw;
        try {
            raw = readBounded(path, MANIFEST_MAX);
        } catch (NoSuchFileException e) {
            throw new AccessException(Failure.NOT_FOUND, "read manifest", tagOrDigest, "the manifest " + digest
                    + " is not in the OCI layout " + dir, false, e);
        }
        Digest actual = Digest.of(digest.algorithm(), raw);
        if (!actual.equals(digest) || entry.filter(e -> e.size() != raw.length).isPresent()) {
            throw new AccessException(Failure.CORRUPT, "read manifest", tagOrDigest, "the manifest " + digest
                    + " in the OCI layout " + dir + " is damaged: its bytes hash to " + actual + " ("
                    + raw.length + " bytes)");
        }
        try {
            return Manifest.parse(raw, entry.map(Descriptor::mediaType));
        } catch (OciException e) {
            throw new AccessException(Failure.UNSUPPORTED, "read manifest", tagOrDigest, "the manifest " + digest
                    + " in " + describe() + " cannot be read: " + e.getMessage(), false, e);
        }
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        Path path = blobPath(blob.digest());
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new AccessException(Failure.NOT_FOUND, "read blob", blob.digest().toString(), "the blob "
                    + blob.digest() + " is missing from the OCI layout " + dir, false, e);
        }
        if (size != blob.size()) {
            throw new AccessException(Failure.CORRUPT, "read blob", blob.digest().toString(), "the blob "
                    + blob.digest() + " in the OCI layout " + dir + " has " + size + " bytes, but its descriptor states "
                    + blob.size() + ": the layout is damaged");
        }
        return new VerifyingInputStream(Files.newInputStream(path), blob.digest(), blob.size());
    }

    // ---- ImageTarget

    /** Present with the right size; the bytes were verified when they were written. */
    @Override
    public boolean hasBlob(Descriptor blob) throws IOException {
        Path path = blobPath(blob.digest());
        return Files.isRegularFile(path) && Files.size(path) == blob.size();
    }

    @Override
    public void putBlob(Descriptor blob, InputStream content) throws IOException {
        writeBlob(blob, content, true);
    }

    /** Written unhashed: the stream's own check fails the last read, and so the write, on a mismatch. */
    @Override
    public void putCheckedBlob(Descriptor blob, InputStream selfChecking) throws IOException {
        writeBlob(blob, selfChecking, false);
    }

    @Override
    public boolean hasManifest(Descriptor manifest) throws IOException {
        return hasBlob(manifest);
    }

    /** Stores the manifest as a blob; with a tag, also lists it in {@code index.json} under that tag. */
    @Override
    public void putManifest(Manifest manifest, Optional<String> tag) throws IOException {
        tag.ifPresent(LayoutReference::checkTag);
        Descriptor d = writeManifestBlob(manifest);
        if (tag.isPresent()) {
            list(d, tag);
        }
    }

    /** Stores the manifest and lists it in {@code index.json}, under the tag or, without one, untagged. */
    @Override
    public void putTopManifest(Manifest manifest, Optional<String> tag) throws IOException {
        tag.ifPresent(LayoutReference::checkTag);
        list(writeManifestBlob(manifest), tag);
    }

    /** Names an already stored manifest with {@code tag}, replacing what the tag named before. */
    public void tag(Descriptor manifest, String tag) throws IOException {
        LayoutReference.checkTag(tag);
        if (!hasBlob(manifest)) {
            throw new AccessException(Failure.NOT_FOUND, "tag manifest", manifest.digest().toString(), "the manifest "
                    + manifest.digest() + " is not in the OCI layout " + dir + ": store it before tagging it");
        }
        list(Descriptor.of(manifest.mediaType(), manifest.digest(), manifest.size()), Optional.of(tag));
    }

    /** Removes the {@code index.json} entries for {@code tag}; blobs stay. True when there was one. */
    public boolean untag(String tag) throws IOException {
        return withIndexLock(() -> {
            ObjectNode index = readIndexTree();
            ArrayNode manifests = (ArrayNode) index.get("manifests");
            boolean removed = removeTag(manifests, tag);
            if (removed) {
                replaceIndex(index);
            }
            return removed;
        });
    }

    private Descriptor writeManifestBlob(Manifest manifest) throws IOException {
        byte[] raw = manifest.raw();
        Descriptor d = Descriptor.of(manifest.mediaType(), raw);
        if (!hasBlob(d)) {
            writeBlob(d, new java.io.ByteArrayInputStream(raw), true);
        }
        return d;
    }

    /** Adds an entry to index.json: a tagged one replaces the tag's old entries; an untagged one is added once. */
    private void list(Descriptor manifest, Optional<String> tag) throws IOException {
        Descriptor entry = tag.map(t -> manifest.withAnnotations(Map.of(REF_NAME, t))).orElse(manifest);
        withIndexLock(() -> {
            ObjectNode index = readIndexTree();
            ArrayNode manifests = (ArrayNode) index.get("manifests");
            if (tag.isPresent()) {
                removeTag(manifests, tag.get());
            } else {
                for (JsonNode n : manifests) {
                    if (manifest.digest().toString().equals(n.path("digest").asText())
                            && !n.path("annotations").has(REF_NAME)) {
                        return null;
                    }
                }
            }
            manifests.add(JsonTree.toJson(entry));
            replaceIndex(index);
            return null;
        });
    }

    private static boolean removeTag(ArrayNode manifests, String tag) {
        boolean removed = false;
        for (int i = manifests.size() - 1; i >= 0; i--) {
            if (tag.equals(manifests.get(i).path("annotations").path(REF_NAME).asText(null))) {
                manifests.remove(i);
                removed = true;
            }
        }
        return removed;
    }

    /** The index.json tree, for editing; other fields and entries are kept as they are. */
    private ObjectNode readIndexTree() throws IOException {
        JsonNode tree = JsonTree.parse(readIndexBytes());
        if (tree == null || !tree.isObject() || !tree.path("manifests").isArray()) {
            throw new AccessException(Failure.INVALID, "write index", dir.toString(), "the " + INDEX_FILE + " of "
                    + dir + " is not an image index: the layout is damaged, so it is left alone");
        }
        return (ObjectNode) tree;
    }

    private void replaceIndex(ObjectNode index) throws IOException {
        Path target = dir.resolve(INDEX_FILE);
        Path tmp = tempBeside(target);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(JsonTree.bytes(index)));
                ch.force(true);
            }
            publicRead(tmp);
            atomicReplace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private interface IndexAction<T> {
        T run() throws IOException;
    }

    /** Serializes index.json read-modify-write within this JVM and, through a file lock, with other processes. */
    private <T> T withIndexLock(IndexAction<T> action) throws IOException {
        // One lock per directory, however it was spelled: the JVM refuses a second file lock on one file.
        ReentrantLock lock = LOCKS.computeIfAbsent(dir.toRealPath(), k -> new ReentrantLock());
        lock.lock();
        try (FileChannel ch = FileChannel.open(dir.resolve(LAYOUT_FILE), StandardOpenOption.WRITE)) {
            FileLock held = ch.lock();
            try {
                return action.run();
            } finally {
                held.release();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes the blob to a temporary file, syncs it, checks it (hashing it here when {@code hash}, else relying on a
     * self-checking stream, read to its end) and renames it into place.
     */
    private void writeBlob(Descriptor d, InputStream in, boolean hash) throws IOException {
        Path target = blobPath(d.digest());
        Files.createDirectories(target.getParent());
        Path tmp = tempBeside(target);
        boolean done = false;
        try {
            MessageDigest hasher = hash ? d.digest().algorithm().newHasher() : null;
            long count = 0;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(ch)) {
                byte[] buf = new byte[BUFFER];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    count += n;
                    if (count > d.size()) {
                        throw new DigestMismatchException("blob " + d.digest() + " is longer than the " + d.size()
                                + " bytes its descriptor states");
                    }
                    if (hasher != null) {
                        hasher.update(buf, 0, n);
                    }
                    out.write(buf, 0, n);
                }
                ch.force(false);
            }
            if (count != d.size()) {
                throw new DigestMismatchException("blob " + d.digest() + " ended after " + count + " bytes, but its"
                        + " descriptor states " + d.size());
            }
            Digest actual = hasher == null ? d.digest() : Digest.fromHasher(d.digest().algorithm(), hasher);
            if (!actual.equals(d.digest())) {
                throw new DigestMismatchException("blob " + d.digest() + " has the wrong content: its bytes hash to "
                        + actual);
            }
            publicRead(tmp);
            // Equal content under equal names: when a concurrent writer got there first, replacing is harmless.
            atomicReplace(tmp, target);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** A fresh temporary file in the same directory, so the final rename stays on one file system. */
    private static Path tempBeside(Path target) throws IOException {
        return Files.createTempFile(target.getParent(), TEMP_PREFIX + target.getFileName().toString()
                .substring(0, Math.min(12, target.getFileName().toString().length())) + "-", ".tmp");
    }

    private static void atomicReplace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new AccessException(Failure.OTHER, "write layout", target.toString(), "the file system of "
                    + target.getParent() + " cannot rename files atomically: put the OCI layout on a local disk",
                    false, e);
        }
    }

    /** Temporary files are created private; blobs are readable by all, as skopeo and umoci leave them. */
    private static void publicRead(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults apply
        }
    }

    private static byte[] readBounded(Path path, long max) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw new AccessException(Failure.INVALID, "read layout", path.toString(), path + " is larger than the "
                        + max + " bytes allowed for it: it is not a real manifest or index");
            }
            return bytes;
        }
    }

    private AccessException tagNotFound(String tag) {
        List<String> tags;
        try {
            tags = tags();
        } catch (IOException e) {
            tags = new ArrayList<>();
        }
        return new AccessException(Failure.NOT_FOUND, "read manifest", describe() + ":" + tag, "the OCI layout "
                + dir + " has no image tagged '" + tag + "'" + (tags.isEmpty() ? "; it has no tags at all"
                : "; its tags are " + String.join(", ", tags)));
    }

    @Override
    public String toString() {
        return describe();
    }
}
