package io.whittle.xray.finding;

/** How much a finding matters, lowest first. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL
}
