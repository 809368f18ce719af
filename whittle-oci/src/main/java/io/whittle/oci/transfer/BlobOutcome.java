package io.whittle.oci.transfer;

/** What happened to one blob during a copy. */
public enum BlobOutcome {
    /** The target already had it; nothing was sent. */
    SKIPPED,
    /** Borrowed from another repository of the same registry; nothing was sent. */
    MOUNTED,
    /** Its bytes were sent. */
    COPIED
}
