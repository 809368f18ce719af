package io.whittle.xray.tar;

import io.whittle.oci.Digest;

/** What reading a layer to its end found: the diffID it hashed to, its tar bytes and entry count. */
public record LayerReadResult(Digest diffId, long tarBytes, long entries) {
}
