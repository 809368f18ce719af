package io.whittle.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Json;
import org.junit.jupiter.api.Test;

/** The X-ray job's progress message as {@code whittle xray} shows it in remote mode. */
class RemoteXrayTest {

    @Test
    void byteCountsOfTheJobsMessageAreShownInSizesForPeople() throws Exception {
        JsonNode job = Json.MAPPER.readTree("{\"id\": \"j1\", \"state\": \"running\", \"progress\": {\"percent\": 45,"
                + " \"message\": \"2 of 5 layers, 1048576 of 4194304 bytes, packages\"}}");

        JsonNode shown = RemoteXray.humanized(job);

        assertThat(shown.path("progress").path("message").asText())
                .isEqualTo("2 of 5 layers, 1.0 MB of 4.2 MB, packages");
        assertThat(job.path("progress").path("message").asText()).as("the job read is left as it was")
                .contains("1048576");
        assertThat(JobProgress.message(shown)).as("not turned again").isEqualTo("2 of 5 layers, 1.0 MB of 4.2 MB,"
                + " packages");
    }

    @Test
    void aMessageWithoutByteCountsIsShownAsItIs() throws Exception {
        JsonNode job = Json.MAPPER.readTree("{\"id\": \"j1\", \"state\": \"queued\", \"progress\": {\"percent\": 0,"
                + " \"message\": \"\"}}");

        assertThat(RemoteXray.humanized(job)).isSameAs(job);
    }
}
