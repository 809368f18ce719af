package io.whittle.connector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The providers Whittle knows, by id, in the order forms list them. */
public final class Providers {
    private final Map<String, Provider> byId = new LinkedHashMap<>();

    private Providers(List<Provider> providers) {
        for (Provider p : providers) {
            if (byId.put(p.id(), p) != null) {
                throw new IllegalArgumentException("two providers have the id '" + p.id() + "'");
            }
        }
    }

    public static Providers of(Provider... providers) {
        return new Providers(List.of(providers));
    }

    public static Providers of(List<Provider> providers) {
        return new Providers(providers);
    }

    public List<Provider> all() {
        return new ArrayList<>(byId.values());
    }

    public Optional<Provider> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The provider, or an {@link InvalidFieldsException} naming the known ones. */
    public Provider require(String id) throws InvalidFieldsException {
        Provider p = byId.get(id);
        if (p == null) {
            throw new InvalidFieldsException(id, List.of(FieldProblem.general("There is no provider '" + id
                    + "': use one of " + String.join(", ", byId.keySet()) + ".")));
        }
        return p;
    }
}
