package io.whittle.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Json;
import org.junit.jupiter.api.Test;

/** The jobs' progress messages as the CLI shows them in remote mode: byte counts for people, wherever they stand. */
class RemoteXrayTest {

    @Test
    void byteCountsOfTheJobsMessageAreShownInSizesForPeople() throws Exception {
        JsonNode job = Json.MAPPER.readTree("{\"id\": \"j1\", \"state\": \"running\", \"progress\": {\"percent\": 45,"
                + " \"message\": \"2 of 5 layers, 1048576 of 4194304 bytes, packages\"}}");

        assertThat(JobProgress.message(job)).isEqualTo("2 of 5 layers, 1.0 MB of 4.2 MB, packages");
        assertThat(job.path("progress").path("message").asText()).as("the job read is left as it was")
                .contains("1048576");
    }

    @Test
    void theCopyJobsMessageToo() throws Exception {
        JsonNode job = Json.MAPPER.readTree("{\"id\": \"j2\", \"state\": \"running\", \"progress\": {\"percent\": 25,"
                + " \"message\": \"1048576 of 4194304 bytes, 1 of 3 blobs\"}}");

        assertThat(JobProgress.message(job)).isEqualTo("1.0 MB of 4.2 MB, 1 of 3 blobs");
    }

    @Test
    void aMessageWithoutByteCountsIsShownAsItIs() throws Exception {
        JsonNode job = Json.MAPPER.readTree("{\"id\": \"j1\", \"state\": \"queued\", \"progress\": {\"percent\": 0,"
                + " \"message\": \"\"}}");

        assertThat(JobProgress.message(job)).isEmpty();
    }
}
