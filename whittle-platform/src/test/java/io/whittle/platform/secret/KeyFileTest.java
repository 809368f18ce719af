package io.whittle.platform.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
    private static final SecretContext CONTEXT = new SecretContext("t", "ghcr.aaaaaaaaaa", "token");

    @TempDir
    Path tmp;

    @Test
    void createdOnFirstUseWithMode0600InAPrivateDirectory() throws Exception {
        Path dataDir = tmp.resolve("data");
        KeyFile file = KeyFile.inDataDir(dataDir);
        Keyring keyring = file.keyring();

        assertThat(keyring.versions()).containsExactly(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        assertThat(Files.readString(file.path())).contains("\n1 ");
        assertNoTemporaryFiles(dataDir);
    }

    @Test
    void theSameKeyIsReadBack() {
        KeyFile file = KeyFile.inDataDir(tmp);
        String sealed = new SecretCipher(file).seal(CONTEXT, SecretValue.of("s3cret"));
        assertThat(new SecretCipher(KeyFile.inDataDir(tmp)).open(CONTEXT, sealed).reveal()).isEqualTo("s3cret");
    }

    @Test
    void processesStartingTogetherAgreeOnOneKey() throws Exception {
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> sealed = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sealed.add(pool.submit(() -> {
                    start.await();
                    return new SecretCipher(new KeyFile(tmp.resolve(KeyFile.NAME))).seal(CONTEXT, SecretValue.of("x"));
                }));
            }
            start.countDown();
            SecretCipher reader = new SecretCipher(KeyFile.inDataDir(tmp));
            for (Future<String> f : sealed) {
                assertThat(reader.open(CONTEXT, f.get()).reveal()).isEqualTo("x");
            }
        } finally {
            pool.shutdownNow();
        }
        assertNoTemporaryFiles(tmp);
    }

    @Test
    void aFileOthersMayReadIsRefused() throws Exception {
        KeyFile file = KeyFile.inDataDir(tmp);
        file.keyring();
        Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(file::keyring).isInstanceOf(KeyException.class)
                .hasMessageContaining("chmod 600 " + file.path())
                .hasMessageContaining("rw-r--r--");
    }

    @Test
    void savingReplacesAtomicallyAndKeepsTheMode() throws Exception {
        KeyFile file = KeyFile.inDataDir(tmp);
        Keyring next = file.keyring().withNewKey(new SecureRandom());
        file.save(next);
        assertThat(file.keyring().versions()).containsExactly(1, 2);
        file.save(next.newestOnly());
        assertThat(file.keyring().versions()).containsExactly(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        assertNoTemporaryFiles(tmp);
    }

    @Test
    void aDamagedFileIsNamedWithItsLine() throws Exception {
        KeyFile file = KeyFile.inDataDir(tmp);
        file.keyring();
        Files.writeString(file.path(), "# keys\n1 not-base64!\n");
        assertThatThrownBy(file::keyring).isInstanceOf(KeyException.class)
                .hasMessageContaining("Line 2").hasMessageContaining("restore the file");
        Files.writeString(file.path(), "# nothing\n");
        assertThatThrownBy(file::keyring).isInstanceOf(KeyException.class).hasMessageContaining("holds no key");
        Files.writeString(file.path(), "1 " + java.util.Base64.getEncoder().encodeToString(new byte[16]) + "\n");
        assertThatThrownBy(file::keyring).isInstanceOf(KeyException.class).hasMessageContaining("exactly 32 bytes");
    }

    private static void assertNoTemporaryFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp"))).isEmpty();
        }
    }
}
