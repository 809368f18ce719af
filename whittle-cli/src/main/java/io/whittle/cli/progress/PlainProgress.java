package io.whittle.cli.progress;

import io.whittle.cli.Sizes;
import io.whittle.oci.Descriptor;
import io.whittle.oci.transfer.BlobOutcome;
import java.io.PrintWriter;
import java.util.Optional;

/** Progress as one line per finished blob and manifest: for logs and pipes, where redrawing makes noise. */
public final class PlainProgress implements ProgressDisplay {
    private final PrintWriter err;
    private final CopyTally tally = new CopyTally();

    public PlainProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void planned(java.util.List<Descriptor> blobs) {
        tally.planned(blobs);
    }

    @Override
    public void blobStarted(Descriptor blob) {
        tally.blobStarted(blob);
    }

    @Override
    public void blobProgress(Descriptor blob, long bytes) {
        tally.blobProgress(blob, bytes);
    }

    @Override
    public void blobFinished(Descriptor blob, BlobOutcome outcome) {
        tally.blobFinished(blob, outcome);
        synchronized (err) {
            err.println("blob " + blob.digest().shortForm() + "  " + Sizes.human(blob.size()) + "  " + describe(outcome));
            err.flush();
        }
    }

    @Override
    public void manifestWritten(Descriptor manifest, Optional<String> tag) {
        tally.manifestWritten(manifest, tag);
        synchronized (err) {
            err.println("manifest " + manifest.digest().shortForm() + tag.map(t -> "  tagged " + t).orElse("")
                    + "  written");
            err.flush();
        }
    }

    @Override
    public void manifestPresent(Descriptor manifest, Optional<String> tag) {
        synchronized (err) {
            err.println("manifest " + manifest.digest().shortForm() + tag.map(t -> "  tagged " + t).orElse("")
                    + "  already there");
            err.flush();
        }
    }

    static String describe(BlobOutcome outcome) {
        return switch (outcome) {
            case COPIED -> "copied";
            case SKIPPED -> "already there";
            case MOUNTED -> "mounted";
        };
    }

    @Override
    public CopyTally tally() {
        return tally;
    }

    @Override
    public void close() {
        err.flush();
    }
}
