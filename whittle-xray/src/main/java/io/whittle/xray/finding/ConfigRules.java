package io.whittle.xray.finding;

import io.whittle.oci.ImageConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Findings about how the image runs, from its config: user, secrets in env, labels and build args, health, ports. */
final class ConfigRules {
    /** The build args the classic builder and BuildKit put before a RUN command: {@code |2 A=1 B=2 /bin/sh -c ...}. */
    private static final Pattern BUILD_ARGS = Pattern.compile("^(?:RUN )?\\|(\\d+) (.*)$", Pattern.DOTALL);

    private ConfigRules() {
    }

    static List<Finding> check(ImageConfig config) {
        List<Finding> out = new ArrayList<>();
        ImageConfig.RunConfig run = config.config();
        rootUser(run.user(), out);
        for (String entry : run.env()) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry : entry.substring(0, eq);
            String value = eq < 0 ? "" : entry.substring(eq + 1);
            secret("env-secret", "config.Env." + name, "The environment variable " + name, name, value, out);
        }
        for (Map.Entry<String, String> label : new TreeMap<>(run.labels()).entrySet()) {
            secret("label-secret", "config.Labels." + label.getKey(), "The label " + label.getKey(), label.getKey(),
                    label.getValue(), out);
        }
        buildArgs(config.history(), out);
        healthcheck(run.healthcheck(), out);
        for (String port : run.exposedPorts()) {
            out.add(exposed(port));
        }
        return out;
    }

    private static void rootUser(Optional<String> user, List<Finding> out) {
        String u = user.map(String::strip).orElse("");
        String name = u.contains(":") ? u.substring(0, u.indexOf(':')) : u;
        if (name.isEmpty() || name.equals("root") || name.equals("0")) {
            out.add(new Finding("root-user", Severity.MEDIUM, "config.User",
                    (u.isEmpty() ? "No user is set, so containers run as root"
                            : "The image runs as " + u + ", which is root")
                            + ": add a USER instruction with an unprivileged user."));
        }
    }

    private static void secret(String id, String path, String subject, String name, String value,
                               List<Finding> out) {
        if (!Secrets.realValue(value)) {
            return;
        }
        String why;
        if (Secrets.secretName(name)) {
            why = " holds a secret (" + Secrets.mask(value) + ")";
        } else if (Secrets.AWS_KEY_ID.matcher(value).find()) {
            why = " holds an AWS access key id (" + Secrets.mask(value) + ")";
        } else if (Secrets.URL_WITH_PASSWORD.matcher(value).find()) {
            why = " holds a URL with a password in it";
        } else {
            return;
        }
        out.add(new Finding(id, Severity.HIGH, path, subject + why
                + " that anyone who can pull the image can read: pass it at run time or from a secret store instead."));
    }

    /** Build args are recorded in the history of every RUN that follows them, values included. */
    private static void buildArgs(List<ImageConfig.History> history, List<Finding> out) {
        for (int i = 0; i < history.size(); i++) {
            Matcher m = BUILD_ARGS.matcher(history.get(i).createdBy().orElse(""));
            if (!m.matches()) {
                continue;
            }
            String[] tokens = m.group(2).split(" ", Integer.parseInt(m.group(1)) + 1);
            for (int t = 0; t < tokens.length - 1; t++) {
                int eq = tokens[t].indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = tokens[t].substring(0, eq);
                String value = tokens[t].substring(eq + 1);
                if (Secrets.realValue(value) && (Secrets.secretName(name) || Secrets.AWS_KEY_ID.matcher(value).find())) {
                    out.add(new Finding("build-arg-secret", Severity.HIGH, "history[" + i + "].created_by",
                            "The build argument " + name + " holds a secret (" + Secrets.mask(value)
                                    + ") recorded in the image history: use a build secret (RUN --mount=type=secret)"
                                    + " instead."));
                }
            }
        }
    }

    private static void healthcheck(Optional<List<String>> test, List<Finding> out) {
        boolean none = test.map(t -> t.isEmpty() || t.getFirst().equals("NONE")).orElse(true);
        if (none) {
            out.add(new Finding("no-healthcheck", Severity.LOW, "config.Healthcheck",
                    "The image defines no health check: add a HEALTHCHECK so that orchestrators can tell when the"
                            + " service is stuck."));
        }
    }

    private static Finding exposed(String port) {
        String number = port.contains("/") ? port.substring(0, port.indexOf('/')) : port;
        boolean privileged;
        try {
            privileged = Integer.parseInt(number) < 1024;
        } catch (NumberFormatException e) {
            privileged = false;
        }
        return new Finding("exposed-port", Severity.INFO, "config.ExposedPorts." + port,
                "Port " + port + " is exposed" + (privileged
                        ? ", a privileged port that needs root or CAP_NET_BIND_SERVICE to bind"
                        : "") + ": publish only the ports the service needs.");
    }
}
