package io.whittle.cli.progress;

import io.whittle.oci.transfer.CopyListener;
import java.io.PrintWriter;

/** Shows a copy's progress while it runs; closing it draws the final state. */
public interface ProgressDisplay extends CopyListener, AutoCloseable {

    /** What the copy did, counted while it ran. */
    CopyTally tally();

    @Override
    void close();

    /** Bars redrawn in place on a terminal, plain lines otherwise. */
    static ProgressDisplay on(PrintWriter err, boolean terminal) {
        return terminal ? new TerminalProgress(err) : new PlainProgress(err);
    }

    /** Counts only, for {@code -o json} where stderr should stay quiet. */
    static ProgressDisplay silent() {
        CopyTally tally = new CopyTally();
        return new ProgressDisplay() {
            @Override
            public void planned(java.util.List<io.whittle.oci.Descriptor> blobs) {
                tally.planned(blobs);
            }

            @Override
            public void blobStarted(io.whittle.oci.Descriptor blob) {
                tally.blobStarted(blob);
            }

            @Override
            public void blobProgress(io.whittle.oci.Descriptor blob, long bytes) {
                tally.blobProgress(blob, bytes);
            }

            @Override
            public void blobFinished(io.whittle.oci.Descriptor blob, io.whittle.oci.transfer.BlobOutcome outcome) {
                tally.blobFinished(blob, outcome);
            }

            @Override
            public void manifestWritten(io.whittle.oci.Descriptor manifest, java.util.Optional<String> tag) {
                tally.manifestWritten(manifest, tag);
            }

            @Override
            public CopyTally tally() {
                return tally;
            }

            @Override
            public void close() {
            }
        };
    }
}
