package io.whittle.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.whittle.oci.Digest;
import io.whittle.server.api.xray.FileListing;
import io.whittle.xray.scan.LayerEntry;
import io.whittle.xray.scan.LayerScan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The squarified treemap: areas proportional to sizes, boxes inside their parents, none overlapping. */
class TreemapTest {

    private static byte[] merged(long... sizes) {
        List<LayerEntry> entries = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            entries.add(new LayerEntry("top" + i + "/f", LayerEntry.Kind.FILE, sizes[i], 0644, 0, 0, "", 0));
            entries.add(new LayerEntry("top" + i + "/g", LayerEntry.Kind.FILE, sizes[i], 0644, 0, 0, "", 0));
        }
        Digest d = Digest.sha256("t".getBytes(StandardCharsets.UTF_8));
        return FileListing.build(List.of(new LayerScan(d, d, "x", 1, 1, 1, entries, List.of(), List.of())))
                .get(FileListing.MERGED);
    }

    @Test
    void areasAreProportionalAndBoxesStayApart() {
        List<Treemap.Box> boxes = Treemap.of(merged(600, 300, 100, 50, 50));
        List<Treemap.Box> top = boxes.stream().filter(b -> b.depth() == 1).toList();
        assertThat(top).hasSize(5);
        double area = Treemap.WIDTH * Treemap.HEIGHT;
        long total = top.stream().mapToLong(Treemap.Box::size).sum();
        for (Treemap.Box b : top) {
            assertThat(b.w() * b.h()).isCloseTo(area * b.size() / total, within(0.5));
            assertThat(b.x()).isGreaterThanOrEqualTo(-1e-6);
            assertThat(b.x() + b.w()).isLessThanOrEqualTo(Treemap.WIDTH + 1e-6);
            assertThat(b.y() + b.h()).isLessThanOrEqualTo(Treemap.HEIGHT + 1e-6);
            // Squarified: no sliver thinner than a tenth of its length for sizes this even.
            assertThat(Math.min(b.w(), b.h()) / Math.max(b.w(), b.h())).isGreaterThan(0.1);
        }
        for (int i = 0; i < top.size(); i++) {
            for (int j = i + 1; j < top.size(); j++) {
                Treemap.Box a = top.get(i);
                Treemap.Box c = top.get(j);
                double ox = Math.min(a.x() + a.w(), c.x() + c.w()) - Math.max(a.x(), c.x());
                double oy = Math.min(a.y() + a.h(), c.y() + c.h()) - Math.max(a.y(), c.y());
                assertThat(ox <= 1e-6 || oy <= 1e-6).as(a + " overlaps " + c).isTrue();
            }
        }
        Treemap.Box biggest = top.getFirst();
        assertThat(biggest.path()).isEqualTo("/top0");
        List<Treemap.Box> inside = boxes.stream().filter(b -> b.depth() == 2 && b.path().startsWith("/top0/")).toList();
        assertThat(inside).extracting(Treemap.Box::label).containsExactlyInAnyOrder("f", "g");
        for (Treemap.Box b : inside) {
            assertThat(b.x()).isGreaterThanOrEqualTo(biggest.x());
            assertThat(b.y() + b.h()).isLessThanOrEqualTo(biggest.y() + biggest.h() + 1e-6);
        }
    }

    @Test
    void manySmallEntriesBecomeOneBoxAndNothingIsDrawnForNoBytes() {
        long[] sizes = new long[30];
        java.util.Arrays.fill(sizes, 10);
        List<Treemap.Box> top = Treemap.of(merged(sizes)).stream().filter(b -> b.depth() == 1).toList();
        assertThat(top).hasSize(14);
        assertThat(top.getLast().label()).isEqualTo("17 more");
        assertThat(top.getLast().path()).isEmpty();
        assertThat(Treemap.of(merged())).isEmpty();
    }
}
