package io.whittle.oci.transfer;

import io.whittle.oci.Platform;
import java.util.Objects;

/** Which images of an index a copy takes. A single image is always copied as it is. */
public sealed interface PlatformChoice {

    /** The whole index: every child, nested indexes and attestations included, then the index unchanged. */
    PlatformChoice ALL = new All();

    /** The image for the machine Whittle runs on, as skopeo picks by default. */
    PlatformChoice HOST = new Host();

    static PlatformChoice of(Platform platform) {
        return new One(platform);
    }

    record All() implements PlatformChoice {
        @Override
        public String toString() {
            return "all platforms";
        }
    }

    record Host() implements PlatformChoice {
        @Override
        public String toString() {
            return "the host platform (" + Platform.host() + ")";
        }
    }

    /** The image for one platform; the destination tag then names that image's manifest. */
    record One(Platform platform) implements PlatformChoice {
        public One {
            Objects.requireNonNull(platform, "platform");
        }

        @Override
        public String toString() {
            return platform.toString();
        }
    }
}
