package io.whittle.platform.secret;

import io.whittle.platform.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The keyring kept in a file in the data directory, created with one random key on first use.
 *
 * <p>Format: UTF-8 text, {@code #} comment lines, then one {@code <version> <base64 of 32 bytes>} per line.
 * The file is always written whole to a temporary file opened with mode 0600 at creation (never a wider
 * mode, even briefly), then moved into place atomically, so a reader sees the old or the new keyring and
 * never half of one. A file that group or others may read is refused.
 */
public final class KeyFile implements KeySource {
    /** The file name inside the data directory. */
    public static final String NAME = "secret-keys";

    private static final String HEADER = """
            # Whittle secret keys: without this file the stored registry secrets cannot be read. Keep it
            # private (mode 0600) and back it up apart from the database.
            # One key per line: <version> <base64 of 32 bytes>. The highest version encrypts.
            """;

    private final Path path;
    private final SecureRandom random;

    public KeyFile(Path path) {
        this(path, new SecureRandom());
    }

    public KeyFile(Path path, SecureRandom random) {
        this.path = Objects.requireNonNull(path, "path").toAbsolutePath();
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The key file of a data directory. */
    public static KeyFile inDataDir(Path dataDir) {
        return new KeyFile(dataDir.resolve(NAME));
    }

    public Path path() {
        return path;
    }

    /** The keyring in the file; creates the file with one new key when it does not exist yet. */
    @Override
    public Keyring keyring() {
        try {
            return read();
        } catch (NoSuchFileException e) {
            return create();
        }
    }

    /** Replaces the file's keyring atomically (used by key rotation). */
    public void save(Keyring keyring) {
        Path temp = writeTemp(keyring);
        try {
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory();
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new KeyException("Cannot write the secret key file " + path + ": " + e.getMessage()
                    + "; check the data directory's permissions and free space.", e);
        }
    }

    private Keyring create() {
        PrivateFiles.directory(path.getParent());
        Keyring fresh = Keyring.generate(random);
        Path temp = writeTemp(fresh);
        try {
            // A hard link fails when the target exists, so two processes starting at once agree on one key.
            Files.createLink(path, temp);
            syncDirectory();
            return fresh;
        } catch (FileAlreadyExistsException e) {
            return readExisting();
        } catch (UnsupportedOperationException | IOException e) {
            try {
                Files.move(temp, path);
                syncDirectory();
                return fresh;
            } catch (FileAlreadyExistsException raced) {
                return readExisting();
            } catch (IOException moveFailed) {
                throw new KeyException("Cannot create the secret key file " + path + ": " + moveFailed.getMessage()
                        + "; check the data directory's permissions.", moveFailed);
            }
        } finally {
            deleteQuietly(temp);
        }
    }

    private Keyring readExisting() {
        try {
            return read();
        } catch (NoSuchFileException e) {
            throw new KeyException("The secret key file " + path + " disappeared while it was being created: "
                    + "run the command again.", e);
        }
    }

    private Keyring read() throws NoSuchFileException {
        String text;
        try {
            checkPrivate();
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new KeyException("Cannot read the secret key file " + path + ": " + e.getMessage()
                    + "; check its permissions.", e);
        }
        return parse(text);
    }

    private void checkPrivate() throws IOException {
        if (!PrivateFiles.posix()) {
            return;
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
        Set<PosixFilePermission> extra = new HashSet<>(mode);
        extra.removeAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        if (!extra.isEmpty()) {
            throw new KeyException("The secret key file " + path + " has mode " + PosixFilePermissions.toString(mode)
                    + ", which lets other users read it: run chmod 600 " + path + " (and consider rotating the key).");
        }
    }

    private Keyring parse(String text) {
        Map<Integer, byte[]> raw = new TreeMap<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            int version;
            byte[] key;
            try {
                if (parts.length != 2) {
                    throw new IllegalArgumentException();
                }
                version = Integer.parseInt(parts[0]);
                key = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new KeyException("Line " + lineNo + " of the secret key file " + path
                        + " is not '<version> <base64 key>': restore the file from its backup.");
            }
            if (raw.put(version, key) != null) {
                throw new KeyException("The secret key file " + path + " holds key version " + version
                        + " twice: restore the file from its backup.");
            }
        }
        if (raw.isEmpty()) {
            throw new KeyException("The secret key file " + path + " holds no key: restore it from its backup, "
                    + "or remove it only if no secrets are stored yet.");
        }
        return Keyring.of(raw);
    }

    private Path writeTemp(Keyring keyring) {
        StringBuilder text = new StringBuilder(HEADER);
        for (int version : keyring.versions()) {
            text.append(version).append(' ').append(Base64.getEncoder().encodeToString(keyring.raw(version)))
                    .append('\n');
        }
        byte[] suffix = new byte[6];
        random.nextBytes(suffix);
        Path temp = path.resolveSibling("." + NAME + "." + HexFormat.of().formatHex(suffix) + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PrivateFiles.ownerOnlyFile())) {
            ByteBuffer buf = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
            return temp;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new KeyException("Cannot write the secret key file " + path + ": " + e.getMessage()
                    + "; check the data directory's permissions and free space.", e);
        }
    }

    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can sync a directory; the rename itself is still atomic.
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // A stray temporary file is harmless: it is mode 0600 and never read.
        }
    }

    @Override
    public String toString() {
        return "KeyFile[" + path + "]";
    }
}
