package io.whittle.xray.finding;

import static io.whittle.xray.finding.ContentScan.findings;
import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.xray.scan.ContentScanner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretScannersTest {
    private static final String AWS_ID = "AKIA2E0A8F3B244C9986";
    private static final String AWS_SECRET = "kF9x2Lm0Qw7ZpT4rYb8NcVd1Hj6Gs3Ue5Ao2IzXq";

    static String pkcs8Pem() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END PRIVATE KEY-----\n";
    }

    static String sshKey(Path dir, String name, String passphrase) throws Exception {
        Path key = dir.resolve(name);
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", "test", "-f", key.toString())
                .inheritIO().start().waitFor();
        return Files.readString(key);
    }

    /** The base64 body line of a PEM block, which must never reach a message. */
    static String body(String pem) {
        return pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    }

    @Test
    void pkcs8PrivateKeyIsHighAndItsBodyNeverShown() throws Exception {
        String pem = pkcs8Pem();
        List<Finding> found = findings("app/certs/server.key", pem);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("private-key");
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.path()).isEqualTo("/app/certs/server.key");
            assertThat(f.message()).contains("unencrypted").doesNotContain(body(pem).substring(0, 20));
        });
    }

    @Test
    void opensshKeysFromSshKeygenTellEncryptedFromPlain(@TempDir Path dir) throws Exception {
        String plain = sshKey(dir, "plain", "");
        String locked = sshKey(dir, "locked", "correct horse battery");
        assertThat(findings("root/.ssh/id_ed25519", plain)).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.HIGH))
                .satisfies(f -> assertThat(f.message()).contains("OPENSSH").doesNotContain(body(plain)));
        assertThat(findings("home/dev/.ssh/deploy", locked)).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.MEDIUM))
                .satisfies(f -> assertThat(f.message()).contains("passphrase-protected"));
        // the public half is no secret
        String pub = Files.readString(dir.resolve("plain.pub"));
        assertThat(findings("root/.ssh/id_ed25519.pub", pub)).isEmpty();
        assertThat(findings("root/.ssh/authorized_keys", pub)).isEmpty();
    }

    @Test
    void keysInTestFixturesAreLowAndVendoredOrOddNamesAreNotOpened() throws Exception {
        String pem = pkcs8Pem();
        assertThat(findings("app/tests/fixtures/client.pem", pem)).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.LOW));
        assertThat(findings("usr/lib/python3/dist-packages/x/key.pem", pem)).isEmpty();
        assertThat(findings("app/README.md", pem)).isEmpty();
    }

    @Test
    void filesOverOneMebibyteAreNeverOpened() {
        for (ContentScanner scanner : Findings.scanners()) {
            for (String path : List.of("app/server.key", "app/.env", "root/.npmrc", "etc/ssl/certs/ca-certificates.crt",
                    "root/.docker/config.json", "app/config.json")) {
                assertThat(scanner.open(new io.whittle.xray.scan.FileInfo(path, (1 << 20) + 1, 0644, 0, 0))).isNull();
            }
        }
    }

    @Test
    void awsKeysPairedWithASecretAreHighAndMasked() {
        List<Finding> found = findings("root/.aws/credentials",
                "[default]\naws_access_key_id = " + AWS_ID + "\naws_secret_access_key = " + AWS_SECRET + "\n");
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("aws-access-key");
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.message()).contains("AKIA…").contains("with its secret key")
                    .doesNotContain(AWS_ID).doesNotContain(AWS_SECRET);
        });
        assertThat(findings("app/config.yml", "aws:\n  key: " + AWS_ID + "\n")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.MEDIUM));
        assertThat(findings("app/config.yml", "key: AKIAIOSFODNN7EXAMPLE\n")).isEmpty();
        assertThat(findings("usr/lib/node_modules/sdk/config.json", "{\"k\": \"" + AWS_ID + "\"}")).isEmpty();
        assertThat(findings("app/main.py", "k = '" + AWS_ID + "'")).isEmpty();  // source files are not opened
        assertThat(findings("app/config.yml", "key: AKIA2E0A8F3B244C99\n")).isEmpty();  // too short
    }

    @Test
    void gcpServiceAccountAndAzureConnectionString() throws Exception {
        String pem = pkcs8Pem();
        String json = "{\"type\": \"service_account\", \"project_id\": \"demo\", \"private_key_id\": \"abc123\","
                + " \"private_key\": \"" + pem.replace("\n", "\\n") + "\","
                + " \"client_email\": \"builder@demo.iam.gserviceaccount.com\"}";
        assertThat(findings("app/gcp-key.json", json)).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("gcp-service-account-key");
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.message()).contains("builder@demo.iam.gserviceaccount.com")
                    .doesNotContain(body(pem).substring(0, 20));
        });
        assertThat(findings("app/other.json", json.replace("service_account", "authorized_user"))).isEmpty();

        String key = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG8xMjM0NTY3ODkw+/==";
        String settings = "{\"Storage\": \"DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=" + key
                + ";EndpointSuffix=core.windows.net\"}";
        assertThat(findings("app/appsettings.json", settings)).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("azure-storage-key");
            assertThat(f.message()).contains("shop").doesNotContain(key).doesNotContain(key.substring(4, 20));
        });
    }

    @Test
    void npmrcTokensButNotEnvironmentReferences() {
        String token = "npm_8fKq2LxVbN4mZr7TcWy1HdPj6Gs3Ue5Ao9Iz";
        List<Finding> found = findings("root/.npmrc",
                "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=" + token + "\n");
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("npm-token");
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.message()).contains("//registry.npmjs.org/").doesNotContain(token)
                    .doesNotContain(token.substring(4, 12));
        });
        assertThat(findings("app/.npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n")).isEmpty();
        assertThat(findings("usr/local/etc/npmrc", "_auth=dXNlcjpwYXNzd29yZDEyMzQ1\n")).hasSize(1);
    }

    @Test
    void dockerConfigWithAuthsButNotWithCredentialHelpers() {
        String auth = "ZGVwbG95OnMzY3IzdC1wYXNzd29yZC0xMjM0";
        String config = "{\"auths\": {\"registry.example.com\": {\"auth\": \"" + auth + "\"},"
                + " \"ghcr.io\": {\"identitytoken\": \"eyJhbGciOi.abc.def\"}, \"quay.io\": {}}}";
        assertThat(findings("root/.docker/config.json", config)).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("docker-credentials");
            assertThat(f.message()).contains("ghcr.io, registry.example.com").doesNotContain("quay.io")
                    .doesNotContain(auth).doesNotContain("eyJhbGciOi");
        });
        assertThat(findings("kaniko/.docker/config.json", "{\"credsStore\": \"ecr-login\", \"auths\": {}}")).isEmpty();
        assertThat(findings("app/config.json", config)).isEmpty();  // not docker's
    }

    @Test
    void dotEnvFilesNameOnlyTheSecretVariables() {
        String env = """
                # settings
                DEBUG=true
                export DB_PASSWORD="s3cr3t-Passw0rd!"
                API_KEY=
                STRIPE_SECRET_KEY=sk_live_51Habcdefghijklmnop
                REDIS_URL=redis://default:r3d1s-pw@cache:6379
                PASSWORD_FILE=/run/secrets/db
                GREETING=hello
                """;
        assertThat(findings("app/.env", env)).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("env-file-secret");
            assertThat(f.message()).contains("DB_PASSWORD, STRIPE_SECRET_KEY, REDIS_URL")
                    .doesNotContain("API_KEY").doesNotContain("PASSWORD_FILE").doesNotContain("DEBUG")
                    .doesNotContain("s3cr3t").doesNotContain("sk_live").doesNotContain("r3d1s-pw");
        });
        assertThat(findings("app/.env.production", env)).hasSize(1);
        assertThat(findings("app/.env.example", env)).isEmpty();
        assertThat(findings("app/.env", "DEBUG=true\nAPI_KEY=${API_KEY}\n")).isEmpty();
    }

    @Test
    void gitCredentialsNetrcAndPypirc() {
        String token = "ghp_R4nd0mT0k3nV4lu3F0rT3st1ng0000000000";
        assertThat(findings("root/.git-credentials", "https://ci-bot:" + token + "@github.com\n"))
                .singleElement().satisfies(f -> {
                    assertThat(f.id()).isEqualTo("git-credentials");
                    assertThat(f.message()).contains("github.com").doesNotContain(token);
                });
        assertThat(findings("root/.git-credentials", "https://github.com\n")).isEmpty();
        assertThat(findings("root/.netrc", "machine artifacts.example.com login ci password hunter2-long-one\n"))
                .singleElement().satisfies(f -> {
                    assertThat(f.id()).isEqualTo("netrc-password");
                    assertThat(f.message()).contains("artifacts.example.com").doesNotContain("hunter2");
                });
        String pypirc = "[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\n"
                + "password = pypi-AgEIcHlwaS5vcmcCJGFiY2RlZmdo\n";
        assertThat(findings("root/.pypirc", pypirc)).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("pypi-credentials");
            assertThat(f.message()).contains("pypi").doesNotContain("pypi-AgEI");
        });
    }

    @Test
    void secretNamesAndMasking() {
        assertThat(Secrets.secretName("AWS_SECRET_ACCESS_KEY")).isTrue();
        assertThat(Secrets.secretName("apiToken")).isTrue();
        assertThat(Secrets.secretName("com.example.api-key")).isTrue();
        assertThat(Secrets.secretName("MYSQL_ROOT_PASSWORD")).isTrue();
        assertThat(Secrets.secretName("PRIVATE_KEY")).isTrue();
        assertThat(Secrets.secretName("GPG_KEY")).isFalse();
        assertThat(Secrets.secretName("PASSWORD_FILE")).isFalse();
        assertThat(Secrets.secretName("PWD")).isFalse();
        assertThat(Secrets.secretName("OLDPWD")).isFalse();
        assertThat(Secrets.secretName("DB_PASS")).isTrue();
        assertThat(Secrets.secretName("SMTP_PWD")).isTrue();
        assertThat(Secrets.secretName("BYPASS_PROXY")).isFalse();
        assertThat(Secrets.URL_WITH_PASSWORD.matcher("https://u:${PASS}@h").find()).isFalse();
        assertThat(Secrets.URL_WITH_PASSWORD.matcher("https://u:p4ss@h").find()).isTrue();
        assertThat(Secrets.secretName("KEYBOARD")).isFalse();
        assertThat(Secrets.mask("short")).isEqualTo("…");
        assertThat(Secrets.mask(AWS_SECRET)).isEqualTo("kF9x…");
    }
}
