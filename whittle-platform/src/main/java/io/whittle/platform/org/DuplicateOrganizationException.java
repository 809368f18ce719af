package io.whittle.platform.org;

import io.whittle.platform.PlatformException;

/** An organization with that slug exists already. */
public class DuplicateOrganizationException extends PlatformException {
    public DuplicateOrganizationException(String slug) {
        super("An organization named '" + slug + "' exists already: choose another slug.");
    }
}
