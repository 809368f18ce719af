package io.whittle.registry;

import java.util.List;
import java.util.Objects;

/** A token scope, {@code type:name:actions}, e.g. {@code repository:team/app:pull,push}. */
record Scope(String type, String name, String actions) implements Comparable<Scope> {
    static final String PULL = "pull";
    static final String PUSH = "pull,push";
    static final String DELETE = "delete";

    Scope {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(actions, "actions");
    }

    static Scope repository(String name, String actions) {
        return new Scope("repository", name, actions);
    }

    static Scope catalog() {
        return new Scope("registry", "catalog", "*");
    }

    /** Parses a scope a registry named in its challenge. */
    static Scope parse(String s) {
        int first = s.indexOf(':');
        int last = s.lastIndexOf(':');
        if (first <= 0 || last == first) {
            return new Scope(s, "", "");
        }
        return new Scope(s.substring(0, first), s.substring(first + 1, last), s.substring(last + 1));
    }

    static List<Scope> of(Scope... scopes) {
        return List.of(scopes);
    }

    @Override
    public int compareTo(Scope o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return actions.isEmpty() && name.isEmpty() ? type : type + ":" + name + ":" + actions;
    }
}
