package io.whittle.xray.fs;

import java.util.List;
import java.util.Objects;

/**
 * The waste figures exactly as dive computes them, so users can compare (see {@link DiveEfficiency}).
 *
 * @param efficiency        Σ smallest size / Σ cumulative size over every path dive saw (1.0 when nothing)
 * @param wastedBytes       Σ cumulative size of the inefficiencies (the copy that stays counts too)
 * @param userWastedPercent wastedBytes / userSizeBytes as a fraction; like dive, NaN or infinite when the image
 *                          has a single layer
 * @param sizeBytes         Σ layer sizes (tar header sizes)
 * @param userSizeBytes     Σ layer sizes but the first
 * @param inefficiencies    paths found in two layers or more, largest cumulative size first
 */
public record DiveFigures(double efficiency, long wastedBytes, double userWastedPercent, long sizeBytes,
                          long userSizeBytes, List<Inefficiency> inefficiencies) {
    public DiveFigures {
        inefficiencies = List.copyOf(inefficiencies);
    }

    /**
     * One path dive counts as wasted.
     *
     * @param path           cleaned relative path (a whiteout's path is the path it deletes)
     * @param count          how many layers have it
     * @param cumulativeSize its sizes in those layers added up
     */
    public record Inefficiency(String path, int count, long cumulativeSize) {
        public Inefficiency {
            Objects.requireNonNull(path, "path");
        }
    }
}
