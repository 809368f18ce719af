package io.whittle.connector;

import io.whittle.oci.AccessException;
import io.whittle.platform.secret.SecretValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The last line of defence for "secrets never appear in exception text": before an exception leaves the service,
 * every secret of the connector involved (whole, its long fragments, and base64 forms a Basic header would carry) is
 * masked in its message, and causes whose messages hold one are dropped.
 */
final class Redactor {
    private static final int MIN_FRAGMENT = 12;
    private static final String MASK = "****";

    private final List<String> needles;

    Redactor(Collection<SecretValue> secrets) {
        Set<String> n = new LinkedHashSet<>();
        for (SecretValue s : secrets) {
            String v = s.reveal();
            if (v.isBlank()) {
                continue;
            }
            n.add(v);
            n.add(v.strip());
            n.add(Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
            for (String part : v.split("[\\s\"',:{}]+|\\\\n")) {
                if (part.length() >= MIN_FRAGMENT) {
                    n.add(part);
                }
            }
        }
        List<String> sorted = new ArrayList<>(n);
        sorted.removeIf(x -> x.length() < 4);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.needles = List.copyOf(sorted);
    }

    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String needle : needles) {
            out = out.replace(needle, MASK);
        }
        return out;
    }

    boolean leaks(String text) {
        return text != null && !scrub(text).equals(text);
    }

    /** The exception itself when it holds no secret; otherwise a copy with the secret masked. */
    AccessException scrub(AccessException e) {
        boolean causeLeaks = false;
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            causeLeaks |= leaks(t.getMessage()) || leaks(t.toString());
        }
        if (!leaks(e.getMessage()) && !causeLeaks) {
            return e;
        }
        Throwable cause = causeLeaks ? null : e.getCause();
        Optional<String> field = e instanceof ConnectorCheckException c ? c.field() : Optional.empty();
        return new ConnectorCheckException(e.failure(), field, e.operation(), scrub(e.subject()),
                scrub(e.getMessage()), e.retryable(), cause);
    }
}
