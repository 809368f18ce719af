package io.whittle.testkit;

import io.whittle.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A content-addressed directory {@code blobs/<alg>/<hex>}, the layout an OCI image layout uses. */
final class BlobStore {
    private final Path blobs;

    BlobStore(Path root) {
        this.blobs = root.resolve("blobs");
    }

    Path path(Digest digest) {
        return blobs.resolve(digest.algorithm().prefix()).resolve(digest.hex());
    }

    /** Stores small content (configs, manifests). */
    Path put(byte[] content) {
        Digest d = Digest.sha256(content);
        Path target = path(d);
        if (Files.exists(target)) {
            return target;
        }
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".tmp-", "");
            Files.write(tmp, content);
            return commit(tmp, d);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store blob " + d, e);
        }
    }

    /** A temporary file in the store, to be filled and then {@link #commit}ted under its digest. */
    Path newTemp() throws IOException {
        Path dir = blobs.resolve("sha256");
        Files.createDirectories(dir);
        return Files.createTempFile(dir, ".tmp-", "");
    }

    /** Moves a filled temporary file to its content address; equal content already there wins. */
    Path commit(Path tmp, Digest digest) throws IOException {
        Path target = path(digest);
        Files.createDirectories(target.getParent());
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            if (Files.exists(target)) {
                Files.deleteIfExists(tmp);
            } else {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }
}
