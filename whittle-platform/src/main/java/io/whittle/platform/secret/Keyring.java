package io.whittle.platform.secret;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys by version. The newest version encrypts; older ones stay only so that secrets written
 * under them still decrypt until a rotation has re-encrypted everything and retired them. Immutable.
 *
 * <p>Not a record: a record would print and compare its key material. {@link #toString()} shows versions.
 */
public final class Keyring implements KeySource {
    /** AES-256. */
    public static final int KEY_BYTES = 32;

    private final NavigableMap<Integer, SecretKey> keys;

    private Keyring(NavigableMap<Integer, SecretKey> keys) {
        if (keys.isEmpty()) {
            throw new KeyException("A keyring needs at least one key: create one with Keyring.generate.");
        }
        this.keys = Collections.unmodifiableNavigableMap(keys);
    }

    /** A keyring from raw keys by version; every key must be exactly 32 bytes and every version positive. */
    public static Keyring of(Map<Integer, byte[]> raw) {
        NavigableMap<Integer, SecretKey> keys = new TreeMap<>();
        raw.forEach((version, bytes) -> keys.put(checkVersion(version), toKey(version, bytes)));
        return new Keyring(keys);
    }

    /** A keyring of one key. */
    public static Keyring single(int version, byte[] key) {
        return of(Map.of(version, key));
    }

    /** A keyring with one fresh random key, version 1. */
    public static Keyring generate(SecureRandom random) {
        return single(1, randomKey(random));
    }

    /** This keyring plus a fresh random key one version above the newest, which becomes the encrypting key. */
    public Keyring withNewKey(SecureRandom random) {
        NavigableMap<Integer, SecretKey> next = new TreeMap<>(keys);
        int version = Math.addExact(newestVersion(), 1);
        next.put(version, toKey(version, randomKey(random)));
        return new Keyring(next);
    }

    /** Only the newest key: what remains after a rotation has re-encrypted every secret. */
    public Keyring newestOnly() {
        return new Keyring(new TreeMap<>(Map.of(newestVersion(), keys.get(newestVersion()))));
    }

    public int newestVersion() {
        return keys.lastKey();
    }

    public SortedSet<Integer> versions() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(keys.keySet()));
    }

    /** The raw key of {@code version}, for writing the key file. */
    byte[] raw(int version) {
        return key(version).getEncoded();
    }

    SecretKey key(int version) {
        SecretKey key = keys.get(version);
        if (key == null) {
            throw new IllegalArgumentException("no key version " + version);
        }
        return key;
    }

    boolean has(int version) {
        return keys.containsKey(version);
    }

    @Override
    public Keyring keyring() {
        return this;
    }

    @Override
    public String toString() {
        return "Keyring[versions=" + keys.keySet() + "]";
    }

    private static int checkVersion(Integer version) {
        Objects.requireNonNull(version, "version");
        if (version < 1) {
            throw new KeyException("Key version " + version + " is not valid: key versions are whole numbers from 1.");
        }
        return version;
    }

    private static SecretKey toKey(int version, byte[] bytes) {
        Objects.requireNonNull(bytes, "key");
        if (bytes.length != KEY_BYTES) {
            throw new KeyException("Key version " + version + " has " + bytes.length
                    + " bytes: an AES-256 key has exactly 32 bytes (44 characters of base64).");
        }
        return new SecretKeySpec(bytes.clone(), "AES");
    }

    private static byte[] randomKey(SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return key;
    }
}
