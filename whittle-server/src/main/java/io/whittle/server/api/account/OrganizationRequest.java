package io.whittle.server.api.account;

import java.util.Optional;

/** A new shared organization: its slug (lowercase letters, digits and inner hyphens) and a display name. */
public record OrganizationRequest(String slug, Optional<String> name) {
}
