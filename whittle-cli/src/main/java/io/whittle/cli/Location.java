package io.whittle.cli;

import io.whittle.oci.ImageReference;
import io.whittle.oci.OciException;
import io.whittle.oci.layout.LayoutReference;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an image lives, as given on the command line: a registry reference ({@code host/repo:tag}) or an OCI
 * layout directory ({@code oci:DIR[:TAG]}).
 */
sealed interface Location {

    /** What to look up at the location: a tag or a digest string; empty means "the only image" of a layout. */
    Optional<String> tagOrDigest();

    /** Parses a command-line argument; an invalid one is a usage error naming what is wrong. */
    static Location parse(String argument) {
        try {
            if (LayoutReference.isLayoutReference(argument)) {
                return new Layout(LayoutReference.parse(argument));
            }
            return new Remote(ImageReference.parse(argument));
        } catch (OciException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** An image in a registry. */
    record Remote(ImageReference reference) implements Location {
        public Remote {
            Objects.requireNonNull(reference, "reference");
        }

        @Override
        public Optional<String> tagOrDigest() {
            return Optional.of(reference.identifier());
        }

        @Override
        public String toString() {
            return reference.toString();
        }
    }

    /** An image in an OCI layout directory. */
    record Layout(LayoutReference reference) implements Location {
        public Layout {
            Objects.requireNonNull(reference, "reference");
        }

        @Override
        public Optional<String> tagOrDigest() {
            return reference.tagOrDigest();
        }

        @Override
        public String toString() {
            return reference.toString();
        }
    }
}
