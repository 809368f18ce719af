package io.whittle.platform.connector;

import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An edit changes where a connector's credentials go (its registry host, URL, CA or plain-http switch) without
 * giving its secrets again; stored credentials are never sent to a destination chosen after they were saved.
 */
public class SecretRequiredException extends ConnectorException {
    private final SortedSet<String> fields;

    public SecretRequiredException(ConnectorId id, Set<String> fields) {
        super("Changing where connector " + id + " connects requires its secrets again: enter "
                + String.join(", ", new TreeSet<>(fields)) + ".");
        this.fields = new TreeSet<>(fields);
    }

    /** The secret fields that must be given. */
    public SortedSet<String> fields() {
        return Collections.unmodifiableSortedSet(fields);
    }
}
