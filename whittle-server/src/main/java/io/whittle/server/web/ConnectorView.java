package io.whittle.server.web;

import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A connector as My Registries and its own page show it: the status in words (verified, failing with the reason,
 * expiring soon with the date, expired, unverified), the access, when it was last checked. Settings are shown,
 * secrets only by name: the store gives out no secret value.
 *
 * @param status one of {@code verified}, {@code expiring}, {@code failing}, {@code unverified}: also the CSS class
 */
public record ConnectorView(String id, String provider, String providerName, String name, String registry,
                            boolean builtIn, String status, String statusText, Optional<String> reason,
                            String access, String lastChecked, Map<String, String> settings, List<String> secrets,
                            long version) {
    /** A credential expiring within this long is flagged as expiring soon. */
    static final Duration EXPIRING_SOON = Duration.ofDays(14);

    public ConnectorView {
        Objects.requireNonNull(id, "id");
        settings = Map.copyOf(settings);
        secrets = List.copyOf(secrets);
    }

    static ConnectorView of(Connector c, String providerName, Instant now) {
        Verification v = c.state().status().verification();
        String reasonText = c.state().status().reason();
        Optional<String> reason = reasonText.isBlank() ? Optional.empty() : Optional.of(reasonText);
        Optional<Instant> expires = c.state().expiresAt();
        String status;
        String text;
        if (v == Verification.FAILING) {
            status = "failing";
            text = "Failing";
        } else if (v == Verification.UNVERIFIED) {
            status = "unverified";
            text = "Not verified";
        } else if (expires.isPresent() && !expires.get().isAfter(now)) {
            status = "failing";
            text = "Expired on " + Format.date(expires.get());
            reason = Optional.of("The credential expired on " + Format.dateTime(expires.get())
                    + ": edit the connector and enter a new one.");
        } else if (expires.isPresent() && expires.get().isBefore(now.plus(EXPIRING_SOON))) {
            status = "expiring";
            text = "Expires soon: " + Format.date(expires.get());
        } else {
            status = "verified";
            text = expires.map(e -> "Verified · expires " + Format.date(e)).orElse("Verified");
        }
        String access = c.state().access() == Access.UNKNOWN ? "unknown" : c.state().access().wire();
        String checked = c.isBuiltIn() ? "built in" : Format.dateTime(c.state().lastCheckedAt(), "never");
        return new ConnectorView(c.id().toString(), c.provider(), providerName, c.name(), c.registryHost(),
                c.isBuiltIn(), status, text, reason, access, checked, c.settings(), List.copyOf(c.secretFields()),
                c.version());
    }

    /** The commands that use this connector, as {@code whittle connector add} prints them. */
    public List<String> cliCommands() {
        String image = registry + "/REPO:TAG";
        List<String> out = new java.util.ArrayList<>(List.of("whittle images --connector " + id,
                "whittle images --connector " + id + " REPO",
                "whittle inspect --connector " + id + " " + image,
                "whittle copy --from-connector " + id + " " + image + " DST"));
        if (access.equals("read-write")) {
            out.add("whittle copy --to-connector " + id + " SRC " + image);
        }
        return out;
    }

    public boolean failing() {
        return status.equals("failing");
    }
}
