package io.whittle.server.api.xray;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.server.testing.Client;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.ImageSpec;
import io.whittle.testkit.LayerSpec;
import io.whittle.testkit.TestImage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The image the X-ray API and page tests X-ray, and waiting for an X-ray job to end. */
public final class XrayFixtures {
    /** Bigger than a preview shows. */
    public static final int BIG_TEXT = 70 * 1024;
    public static final String OS_RELEASE = "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\n"
            + "PRETTY_NAME=\"Alpine Linux v3.19\"\n";

    private XrayFixtures() {
    }

    /**
     * Two layers: the first adds {@code /etc/os-release}, a binary {@code /bin/tool}, a symlink, a big text file and
     * {@code /etc/motd}; the second adds {@code /app/hello.txt}, changes {@code /etc/motd} and deletes the big file.
     */
    public static TestImage image(ImageFactory images, String marker) {
        byte[] binary = new byte[4096];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 31);
        }
        return images.image(ImageSpec.builder(ImageFormat.OCI)
                .platform("linux/amd64")
                .user("root")
                .cmd("/bin/tool")
                .layer(LayerSpec.builder()
                        .dir("etc")
                        .file("etc/os-release", OS_RELEASE)
                        .file("etc/motd", "Welcome " + marker + "\n")
                        .dir("bin")
                        .file("bin/tool", binary, 0755, 0, 0)
                        .symlink("bin/sh", "tool")
                        .file("big.txt", "line of text\n".repeat(BIG_TEXT / 13 + 1))
                        .createdBy("/bin/sh -c #(nop) ADD file:base in / "))
                .layer(LayerSpec.builder()
                        .dir("app")
                        .file("app/hello.txt", "hello from " + marker + "\n")
                        .file("etc/motd", "Changed " + marker + "\n")
                        .whiteout("big.txt")
                        .createdBy("/bin/sh -c echo hello > /app/hello.txt"))
                .build());
    }

    /** The body of {@code POST /api/v1/xray}. */
    public static Map<String, Object> request(String connector, String reference) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connector", connector);
        body.put("reference", reference);
        return body;
    }

    /** Waits for the job to end (up to two minutes) and returns it. */
    public static JsonNode await(Client client, String jobId) {
        Instant until = Instant.now().plus(Duration.ofMinutes(2));
        JsonNode job = null;
        while (Instant.now().isBefore(until)) {
            job = client.get("/api/v1/jobs/" + jobId).expect(200).json();
            String state = job.get("state").asText();
            if (!state.equals("queued") && !state.equals("running")) {
                return job;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("the X-ray job did not end in two minutes: " + job);
    }
}
