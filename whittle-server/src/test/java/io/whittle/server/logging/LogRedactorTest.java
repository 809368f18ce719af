package io.whittle.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogRedactorTest {
    private static String redact(String s) {
        return LogRedactor.redact(s);
    }

    @Test
    void masksApiTokensAnywhere() {
        assertThat(redact("used wht_AbCdEf0123456789_-xyz for it")).isEqualTo("used wht_**** for it");
    }

    @Test
    void masksAuthorizationCredentials() {
        assertThat(redact("Authorization: Bearer eyJhbGciOi.J9.abc")).doesNotContain("eyJhbGciOi");
        assertThat(redact("header Basic dXNlcjpzZWNyZXQ=")).isEqualTo("header Basic ****");
        assertThat(redact("bearer AbC123xyz")).isEqualTo("bearer ****");
        assertThat(redact("Using Basic authentication")).isEqualTo("Using Basic authentication");
    }

    @Test
    void masksSecretNamedValuesInJsonAndKeyValueForms() {
        assertThat(redact("{\"username\":\"ann\",\"password\":\"hunter2 with spaces\"}"))
                .isEqualTo("{\"username\":\"ann\",\"password\":\"****\"}");
        assertThat(redact("{\\\"password\\\":\\\"escaped-secret\\\"}")).doesNotContain("escaped-secret");
        assertThat(redact("{\"type\":\"service_account\",\"private_key\":\"-----BEGIN...\\n\",\"x\":1}"))
                .isEqualTo("{\"type\":\"service_account\",\"private_key\":\"****\",\"x\":1}");
        assertThat(redact("url?user=ann&password=s3cr3t&x=1")).isEqualTo("url?user=ann&password=****&x=1");
        assertThat(redact("aws_secret_access_key = abcDEF/ghi")).isEqualTo("aws_secret_access_key = ****");
        assertThat(redact("clientSecret: 'quoted'")).doesNotContain("quoted");
        assertThat(redact("Cookie: whittle_session=sessionsecretvalue")).doesNotContain("sessionsecretvalue");
        assertThat(redact("X-CSRF-Token: csrfvalue123")).doesNotContain("csrfvalue123");
    }

    @Test
    void masksPemPrivateKeysWholeOrCutOff() {
        String pem = "key: -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY----- done";
        assertThat(redact(pem)).isEqualTo("key: -----BEGIN RSA PRIVATE KEY-----****-----END RSA PRIVATE KEY----- done");
        assertThat(redact("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC")).doesNotContain("MIIEvQ");
    }

    @Test
    void masksAwsSecretKeysButNotDigests() {
        String aws = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assertThat(redact("key " + aws + " end")).isEqualTo("key **** end");
        String sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
        assertThat(redact("commit " + sha1)).isEqualTo("commit " + sha1);
        String digest = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assertThat(redact(digest)).isEqualTo(digest);
    }

    @Test
    void masksUrlUserinfo() {
        assertThat(redact("jdbc:postgresql://app:pa55word@db:5432/x")).doesNotContain("pa55word");
        assertThat(redact("https://user:pw123@registry.example.com/v2/")).isEqualTo("https://user:****@registry.example.com/v2/");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String line = "GET /api/v1/connectors/{id} 200 12ms for user 7f0e and organization local";
        assertThat(redact(line)).isEqualTo(line);
        assertThat(redact(null)).isNull();
    }
}
