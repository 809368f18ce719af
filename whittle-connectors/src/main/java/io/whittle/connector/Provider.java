package io.whittle.connector;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One kind of registry Whittle connects to (Docker Hub, ECR, …, or any OCI registry): what to ask the user, how to
 * explain getting it, and how the answers become a {@link Connection}. One implementation per package; stateless
 * and thread-safe.
 */
public interface Provider {

    /** The id connector IDs start with, e.g. {@code ghcr}. */
    String id();

    /** The name users read, e.g. "GitHub Container Registry". */
    String displayName();

    Form form();

    Instructions instructions();

    /**
     * The settings that decide where the credentials are sent (a registry host, an API URL, a CA, the plain-http
     * switch): changing one of them on a saved connector requires every secret again.
     */
    Set<String> destinationSettings();

    /** Checks across fields that the form's per-field checks cannot make; none by default. */
    default List<FieldProblem> crossCheck(FieldValues values) {
        return List.of();
    }

    /**
     * The registry host (as image references write it: {@code ghcr.io}, {@code 127.0.0.1:5000}) these values give
     * credentials for, when it follows from them; empty when only the provider can say (an ECR registry found from
     * its authorization token).
     */
    Optional<String> registryHost(FieldValues values);

    /**
     * A connection made of validated values. Nothing is sent yet: exchanges happen on first use.
     *
     * @throws ConnectorCheckException when the values cannot be used (e.g. a key that does not parse), naming the
     *                                 field
     */
    Connection connect(FieldValues values, ProviderContext context) throws IOException;
}
