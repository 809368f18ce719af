package io.whittle.testkit.emulator;

import io.whittle.testkit.TokenIssuer.Access;
import io.whittle.testkit.TokenIssuer.Grant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Registry scopes: what a client asks a token realm for, and what a credential's grants allow of it. As
 * distribution's token servers do, every requested resource comes back with the requested actions that some
 * grant allows, possibly none.
 */
public final class Scopes {
    private Scopes() {
    }

    /** The scopes of a token request: every {@code scope} parameter, each possibly holding several, space-separated. */
    public static List<Access> requested(Call call) {
        List<Access> out = new ArrayList<>();
        for (String s : call.params("scope")) {
            for (String one : s.trim().split(" +")) {
                if (!one.isEmpty()) {
                    try {
                        out.add(Access.parseScope(one));
                    } catch (IllegalArgumentException e) {
                        throw new Call.BadRequest(e.getMessage());
                    }
                }
            }
        }
        return out;
    }

    /** What a credential may do: the actions allowed on a resource of that type and name. */
    @FunctionalInterface
    public interface Permits {
        Set<String> actions(String type, String name);
    }

    /** Each requested resource once, with the requested actions the grants allow. */
    public static List<Access> allowed(List<Grant> grants, List<Access> requested) {
        return allowed((type, name) -> {
            Set<String> out = new LinkedHashSet<>();
            for (Grant g : grants) {
                if (allows(g, type, name, "*")) {
                    out.add("*");
                }
                out.addAll(g.actions().stream().filter(a -> allows(g, type, name, a)).toList());
            }
            return out;
        }, requested);
    }

    /** Each requested resource once, with the requested actions the permits allow ({@code *} allows all). */
    public static List<Access> allowed(Permits permits, List<Access> requested) {
        Map<String, Access> byResource = new LinkedHashMap<>();
        for (Access want : requested) {
            Set<String> granted = new LinkedHashSet<>();
            String key = want.type() + ":" + want.name();
            if (byResource.containsKey(key)) {
                granted.addAll(byResource.get(key).actions());
            }
            Set<String> may = permits.actions(want.type(), want.name());
            for (String action : want.actions()) {
                if (may.contains("*") || may.contains(action)) {
                    granted.add(action);
                }
            }
            byResource.put(key, new Access(want.type(), want.name(), List.copyOf(granted)));
        }
        return List.copyOf(byResource.values());
    }

    /** Whether a grant allows {@code action} on the resource; {@code *} in a grant's actions allows every action. */
    public static boolean allows(Grant g, String type, String name, String action) {
        String baseType = type.contains("(") ? type.substring(0, type.indexOf('(')) : type;
        return (g.type().equals("*") || g.type().equals(baseType)) && glob(g.namePattern()).matcher(name).matches()
                && (g.actions().contains("*") || g.actions().contains(action));
    }

    /** Whether any grant allows the action. */
    public static boolean allows(List<Grant> grants, String type, String name, String action) {
        return grants.stream().anyMatch(g -> allows(g, type, name, action));
    }

    /** Whether a token's access claim carries {@code action} on that resource (or {@code *}). */
    public static boolean carries(List<Access> access, String type, String name, String action) {
        return access.stream().anyMatch(a -> a.type().equals(type) && a.name().equals(name)
                && (a.actions().contains(action) || a.actions().contains("*")));
    }

    /** A glob where {@code *} matches any run of characters, {@code /} included. */
    public static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!re.isEmpty()) {
                re.append(".*");
            }
            re.append(Pattern.quote(part));
        }
        return Pattern.compile(re.toString());
    }
}
