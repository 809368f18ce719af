package io.whittle.server.api.registry;

import io.whittle.oci.ImageReference;
import io.whittle.oci.OciException;
import io.whittle.platform.connector.Connector;
import java.util.Locale;

/**
 * An image named relative to a connector's registry, as the API takes it: {@code repo:tag}, {@code repo@digest} or
 * {@code repo} (the {@code latest} tag, as Docker reads it), with or without the connector's registry host in
 * front. Never another registry: a connector's credential goes to its own registry host only.
 */
public final class ConnectorReference {
    private ConnectorReference() {
    }

    /**
     * The full reference in {@code c}'s registry.
     *
     * @throws IllegalArgumentException with one sentence saying what to give instead
     */
    public static ImageReference resolve(Connector c, String given) {
        String r = given == null ? "" : given.strip();
        String prefix = c.registryHost() + "/";
        if (r.toLowerCase(Locale.ROOT).startsWith(prefix)) {
            r = r.substring(prefix.length());
        }
        String example = ": name an image of " + c.registryHost() + " such as team/app:1.0 or team/app@sha256:….";
        if (r.isEmpty()) {
            throw new IllegalArgumentException("No image was named" + example);
        }
        try {
            ImageReference ref = ImageReference.parse(c.registryHost() + "/" + r);
            if (!ref.registry().equalsIgnoreCase(c.registryHost())) {
                throw new IllegalArgumentException("'" + given + "' is not in " + c.registryHost() + example);
            }
            return ref;
        } catch (OciException e) {
            throw new IllegalArgumentException(ConnectorProblems.sentence(e.getMessage()).replaceAll("\\.$", "")
                    + example, e);
        }
    }
}
