package io.whittle.platform.connector;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a key rotation did: the key version that now encrypts everything, how many stored secrets were
 * re-encrypted, the versions removed from the key file, and the versions no secret uses any more but which
 * could not be removed here (keys from the environment: drop them from {@code WHITTLE_SECRET_KEY}).
 */
public record RotationResult(int keyVersion, int reencrypted, SortedSet<Integer> retired,
                             SortedSet<Integer> unused) {
    public RotationResult {
        if (keyVersion < 1 || reencrypted < 0) {
            throw new IllegalArgumentException("a rotation result needs a key version and a count");
        }
        retired = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(retired, "retired")));
        unused = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(unused, "unused")));
    }
}
