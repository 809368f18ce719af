package io.whittle.xray.finding;

import io.whittle.xray.tar.TarAnomaly;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hostile or malformed tar entries the reader survived. The path is the entry name exactly as stored, since
 * for a traversal or an absolute name that is the evidence.
 */
final class AnomalyRules {
    private AnomalyRules() {
    }

    static List<Finding> check(List<TarAnomaly> anomalies) {
        List<Finding> out = new ArrayList<>();
        for (TarAnomaly a : anomalies) {
            out.add(new Finding("tar-" + a.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    severity(a.kind()), a.path(), a.message()));
        }
        return out;
    }

    static Severity severity(TarAnomaly.Kind kind) {
        return switch (kind) {
            case TRAVERSAL, ESCAPING_SYMLINK, BAD_HARDLINK -> Severity.HIGH;
            case ABSOLUTE_PATH, INVALID_WHITEOUT, DEVICE -> Severity.MEDIUM;
            case BACKSLASH, EMPTY_NAME, UNKNOWN_TYPE -> Severity.LOW;
        };
    }
}
