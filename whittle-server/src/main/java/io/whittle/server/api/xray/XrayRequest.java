package io.whittle.server.api.xray;

import java.util.Optional;

/**
 * An X-ray to run: an image in the registry of one of the organization's connectors.
 *
 * @param connector the connector id ({@code generic.xxxxxxxxxx})
 * @param reference {@code repo:tag} or {@code repo@sha256:…} in the connector's registry (its host in front is
 *                  allowed)
 * @param platform  {@code os/arch[/variant]}: the image of an index to X-ray (default linux/amd64)
 */
public record XrayRequest(String connector, String reference, Optional<String> platform) {
    public XrayRequest {
        platform = platform == null ? Optional.empty() : platform;
    }
}
