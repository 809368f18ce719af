package io.whittle.xray.scan;

import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Layer;
import io.whittle.oci.VerifyingInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

/** A layer held in memory, verified like a real blob, that counts how often it is opened. */
record BytesLayer(Descriptor descriptor, Digest diffId, byte[] blob, AtomicInteger opens) implements Layer {

    static BytesLayer of(String mediaType, byte[] blob, byte[] tar) {
        return new BytesLayer(Descriptor.of(mediaType, blob), Digest.sha256(tar), blob, new AtomicInteger());
    }

    @Override
    public InputStream open() {
        opens.incrementAndGet();
        return new VerifyingInputStream(new ByteArrayInputStream(blob), descriptor.digest(), descriptor.size());
    }
}
