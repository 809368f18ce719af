package io.whittle.server.api.system;

import java.util.Map;

/** {@code status} is {@code ok} or {@code ready}; {@code checks} names each dependency checked and its state. */
public record HealthBody(String status, Map<String, String> checks) {
}
