package io.whittle.oci.image;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.whittle.oci.MediaType;
import io.whittle.oci.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Small real images for tests: tar layers (gzip or not) built with commons-compress. */
public final class TestImages {
    private TestImages() {
    }

    /** A tar of the given files (path → content), with their parent directories, at a fixed time. */
    public static byte[] tar(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            Set<String> dirs = new LinkedHashSet<>();
            for (String path : files.keySet()) {
                String[] parts = path.split("/");
                StringBuilder dir = new StringBuilder();
                for (int i = 0; i < parts.length - 1; i++) {
                    dir.append(parts[i]).append('/');
                    dirs.add(dir.toString());
                }
            }
            for (String d : dirs) {
                TarArchiveEntry e = new TarArchiveEntry(d);
                e.setMode(0755 | 040000);
                e.setModTime(1_700_000_000_000L);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
            for (Map.Entry<String, String> f : files.entrySet()) {
                byte[] content = f.getValue().getBytes(UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(content.length);
                e.setMode(0644 | 0100000);
                e.setModTime(1_700_000_000_000L);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A gzip tar layer holding one file with that content. */
    public static byte[] layer(String path, String content) {
        return gzip(tar(Map.of(path, content)));
    }

    /**
     * An image of {@code layers} gzip layers whose files are named after {@code seed}, so two seeds share no
     * layer and one seed always gives the same digest.
     */
    public static MemoryImage image(MemoryImage.Format format, Platform platform, String seed, int layers) {
        String layerType = format == MemoryImage.Format.OCI ? MediaType.OCI_LAYER_GZIP : MediaType.DOCKER_LAYER_GZIP;
        MemoryImage image = MemoryImage.empty(format).withPlatform(platform);
        for (int i = 1; i <= layers; i++) {
            Map<String, String> files = new LinkedHashMap<>();
            files.put("srv/" + seed + "/file" + i + ".txt", seed + " layer " + i + "\n");
            files.put("etc/" + seed + "-" + i + ".conf", "layer=" + i + "\n");
            image = image.withLayer(gzip(tar(files)), layerType);
        }
        return image.withRunConfig(c -> {
            c.putArray("Cmd").add("/bin/sh");
            c.putArray("Env").add("PATH=/usr/bin:/bin");
        }).withEmptyLayerHistory("CMD [\"/bin/sh\"]");
    }

    public static MemoryImage image(String seed, int layers) {
        return image(MemoryImage.Format.OCI, Platform.of("linux", "amd64"), seed, layers);
    }

    /**
     * An OCI index for linux/amd64 and linux/arm64/v8 with a BuildKit-style attestation manifest (platform
     * unknown/unknown) for the amd64 image.
     */
    public static MemoryIndex multiPlatform(String seed) {
        MemoryImage amd64 = image(MemoryImage.Format.OCI, Platform.of("linux", "amd64"), seed + "-amd64", 2);
        MemoryImage arm64 = image(MemoryImage.Format.OCI, Platform.of("linux", "arm64", "v8"), seed + "-arm64", 2);
        MemoryImage attestation = MemoryImage.empty(MemoryImage.Format.OCI)
                .withPlatform(Platform.of("unknown", "unknown"))
                .withLayer(("{\"_type\":\"https://in-toto.io/Statement/v0.1\",\"subject\":\"" + seed + "\"}").getBytes(UTF_8),
                        "application/vnd.in-toto+json");
        return MemoryIndex.empty(MemoryImage.Format.OCI)
                .withImage(amd64)
                .withImage(arm64)
                .withImage(attestation, Optional.of(Platform.of("unknown", "unknown")), Map.of(
                        "vnd.docker.reference.digest", amd64.manifest().digest().toString(),
                        "vnd.docker.reference.type", "attestation-manifest"));
    }
}
