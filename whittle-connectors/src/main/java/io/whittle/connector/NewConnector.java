package io.whittle.connector;

import java.util.Objects;

/**
 * A connector to add: provider id, name, the form's values, and whether to save it even when the check fails
 * (it is then saved as unverified, with the reason).
 */
public record NewConnector(String provider, String name, FieldValues values, boolean saveUnverified) {
    public NewConnector {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(values, "values");
    }

    public static NewConnector of(String provider, String name, FieldValues values) {
        return new NewConnector(provider, name, values, false);
    }

    public NewConnector unverified() {
        return new NewConnector(provider, name, values, true);
    }

    @Override
    public String toString() {
        return "NewConnector[" + provider + ", " + name + ", " + values + (saveUnverified ? ", unverified" : "") + "]";
    }
}
