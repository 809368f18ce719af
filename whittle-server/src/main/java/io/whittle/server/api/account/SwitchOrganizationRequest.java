package io.whittle.server.api.account;

/** The slug of the organization a browser session should work in from now on. */
public record SwitchOrganizationRequest(String organization) {
}
