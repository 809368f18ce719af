package io.whittle.connector;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A repository a connector can see.
 *
 * @param name      the repository path as references write it after the registry host, e.g. {@code team/app}
 * @param updatedAt when it last changed, where the provider says
 * @param isPrivate whether it is private, where the provider says
 */
public record RepositoryInfo(String name, Optional<Instant> updatedAt, Optional<Boolean> isPrivate) {
    public RepositoryInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(isPrivate, "isPrivate");
    }

    public static RepositoryInfo named(String name) {
        return new RepositoryInfo(name, Optional.empty(), Optional.empty());
    }
}
