package io.whittle.cli.connector;

import io.whittle.cli.Shell;
import io.whittle.oci.Digest;
import io.whittle.testkit.TokenIssuer.Grant;
import io.whittle.testkit.emulator.GoogleEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Google Container Registry from the command line, the service-account JSON key given with --secret-file. */
class GoogleConnectorTest {
    static GoogleEmulator gcr;
    static Digest v1;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        gcr = GoogleEmulator.startGcr();
        v1 = Seeds.push(gcr.backend(), "proj/app", "v1", "cli-gcr-app");
    }

    @AfterAll
    static void stop() {
        gcr.close();
    }

    private String[] add(String name, Path key) {
        return new String[] {"gcr", "--name", name, "--set", "registry=" + gcr.registryHostPort(),
                "--set", "tokenUrl=" + gcr.tokenUri(), "--secret-file", "key=" + key};
    }

    @Test
    void serviceAccountKeyFromAFile() throws Exception {
        Flow flow = new Flow(new Shell(temp));
        String host = gcr.registryHostPort();
        Path key = Files.writeString(temp.resolve("writer.json"), gcr.serviceAccount("proj", "writer",
                Grant.repository("proj/*", "pull", "push", "delete")).keyJson());
        String id = flow.add("", add("gcr writer", key));
        flow.listShowTest(id, host, "read-write", "key");
        flow.images(id, "proj/app", "v1", v1);
        flow.inspect(id, host + "/proj/app:v1", v1);
        flow.push(id, host + "/proj/app:pushed", "cli-gcr-pushed");

        Path readerKey = Files.writeString(temp.resolve("reader.json"), gcr.serviceAccount("proj", "reader",
                Grant.repository("proj/*", "pull")).keyJson());
        String reader = flow.add("", add("gcr reader", readerKey));
        flow.inspect(reader, host + "/proj/app:v1", v1);
        flow.pushRefused(reader, host + "/proj/app:nope", "cli-gcr-nope", "do not allow this");
        flow.remove(reader);
        flow.remove(id);
    }
}
