package io.whittle.oci;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DescriptorTest {
    static final byte[] BYTES = "{}".getBytes(UTF_8);

    @Test
    void validatesWhenMade() {
        Digest d = Digest.sha256(BYTES);
        assertThatThrownBy(() -> Descriptor.of(" ", d, 2)).isInstanceOf(OciException.class)
                .hasMessage("descriptor " + d + " has an empty mediaType");
        assertThatThrownBy(() -> Descriptor.of(MediaType.OCI_EMPTY, d, -1)).hasMessageContaining("negative size -1");
        assertThatThrownBy(() -> Descriptor.of(null, d, 2)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void embeddedDataTakesPartInEquality() {
        Digest d = Digest.sha256(BYTES);
        Descriptor with = new Descriptor(MediaType.OCI_EMPTY, d, 2, List.of(), Map.of(), Optional.empty(),
                Optional.empty(), Optional.of(BYTES.clone()));
        Descriptor same = new Descriptor(MediaType.OCI_EMPTY, d, 2, List.of(), Map.of(), Optional.empty(),
                Optional.empty(), Optional.of(BYTES.clone()));
        Descriptor other = new Descriptor(MediaType.OCI_EMPTY, d, 2, List.of(), Map.of(), Optional.empty(),
                Optional.empty(), Optional.of("[]".getBytes(UTF_8)));
        Descriptor without = Descriptor.of(MediaType.OCI_EMPTY, BYTES);
        assertThat(with).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(other).isNotEqualTo(without);
        assertThat(without).isNotEqualTo(with);
        // the record keeps its own copy
        byte[] mine = BYTES.clone();
        Descriptor copy = new Descriptor(MediaType.OCI_EMPTY, d, 2, List.of(), Map.of(), Optional.empty(),
                Optional.empty(), Optional.of(mine));
        mine[0] = '[';
        assertThat(copy).isEqualTo(with);
    }

    @Test
    void withersKeepTheRest() {
        Descriptor d = Descriptor.of(MediaType.OCI_MANIFEST, BYTES);
        Descriptor p = d.withPlatform(Platform.parse("linux/arm64")).withAnnotations(Map.of("k", "v"));
        assertThat(p.digest()).isEqualTo(d.digest());
        assertThat(p.platform()).contains(Platform.parse("linux/arm64"));
        assertThat(p.annotations()).containsEntry("k", "v");
        assertThat(d.platform()).isEmpty();
        assertThat(d).hasToString(MediaType.OCI_MANIFEST + " " + d.digest() + " (2 bytes)");
    }
}
