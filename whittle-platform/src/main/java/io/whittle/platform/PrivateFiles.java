package io.whittle.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories that only their owner may read: the data directory holds the database and the
 * secret keys. The mode is passed at creation, so there is no moment when another user could open them.
 */
public final class PrivateFiles {
    private PrivateFiles() {
    }

    /** rw------- */
    public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    /** rwx------ */
    public static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    /** True when this file system has POSIX modes (not the case on Windows). */
    public static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** The attribute that creates a file with mode 0600, or none where modes do not exist. */
    public static FileAttribute<?>[] ownerOnlyFile() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
    }

    /**
     * Gives an existing file mode 0600, for files that another library creates with the default mode (the
     * database's); nothing where modes do not exist.
     */
    public static void ownerOnly(Path file) {
        if (!posix()) {
            return;
        }
        try {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY_FILE)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make " + file + " private to its owner: " + e.getMessage()
                    + "; check that you own the data directory and its files.", e);
        }
    }

    /** Creates {@code dir} and its missing parents; a directory created here gets mode 0700. */
    public static Path directory(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                return dir;
            }
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent);
            }
            FileAttribute<?>[] attrs = posix()
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY)}
                    : new FileAttribute<?>[0];
            try {
                Files.createDirectory(dir, attrs);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(dir)) {
                    throw new PlatformException("The data directory " + dir
                            + " exists but is not a directory: remove it or choose another data directory.");
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dir + ": " + e.getMessage()
                    + "; check the path and its permissions.", e);
        }
    }
}
