package io.whittle.server.api.registry;

import io.whittle.connector.RepositoryInfo;
import java.time.Instant;
import java.util.Optional;

/**
 * A repository a connector can see, as {@code whittle images --connector ID -o json} lists it.
 *
 * @param name      the repository path after the registry host, e.g. {@code team/app}
 * @param updatedAt when it last changed, where the provider says
 * @param isPrivate whether it is private, where the provider says (the CLI's JSON calls it {@code private})
 */
public record RepositoryBody(String name, Optional<Instant> updatedAt, Optional<Boolean> isPrivate) {
    static RepositoryBody of(RepositoryInfo r) {
        return new RepositoryBody(r.name(), r.updatedAt(), r.isPrivate());
    }
}
