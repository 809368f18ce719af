package io.whittle.xray.scan;

/** Where content scanners put what they found. */
@FunctionalInterface
public interface EvidenceSink {
    void add(Evidence evidence);
}
