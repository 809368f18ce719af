package io.whittle.registry;

import java.io.IOException;
import java.io.InputStream;

/**
 * A blob's bytes that can be read again from the start, e.g. a file or a fresh download from the source
 * registry. An upload that fails half-way is retried by opening the content again.
 */
@FunctionalInterface
public interface BlobContent {

    /** A new stream over the whole blob; the caller closes it. */
    InputStream open() throws IOException;
}
