package io.whittle.platform.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final SecretContext CONTEXT = new SecretContext("org-a", "ghcr.k3v9x2m4qa", "token");
    private static final String PLAIN = "ghp_S3cr3tValue-that-must-not-leak";

    private final Keyring keyring = Keyring.generate(RANDOM);
    private final SecretCipher cipher = new SecretCipher(keyring);

    @Test
    void roundTrip() {
        for (String plain : new String[] {PLAIN, "x", "ünïcødé ✓ 密码", "{\n  \"type\": \"service_account\",\n  \"private_key\": \"-----BEGIN\\n\"\n}"}) {
            String sealed = cipher.seal(CONTEXT, SecretValue.of(plain));
            assertThat(sealed).startsWith("v1:");
            if (plain.length() > 4) {
                assertThat(sealed).doesNotContain(plain);
            }
            assertThat(cipher.open(CONTEXT, sealed).reveal()).isEqualTo(plain);
        }
    }

    @Test
    void formatIsVersionPrefixThenNonceCiphertextAndTag() {
        String sealed = cipher.seal(CONTEXT, SecretValue.of(PLAIN));
        assertThat(SecretCipher.keyVersion(sealed)).hasValue(1);
        byte[] payload = Base64.getUrlDecoder().decode(sealed.substring(3));
        assertThat(payload).hasSize(12 + PLAIN.length() + 16);
    }

    @Test
    void everyValueGetsAFreshNonce() {
        Set<String> seen = new HashSet<>();
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String sealed = cipher.seal(CONTEXT, SecretValue.of(PLAIN));
            assertThat(seen.add(sealed)).isTrue();
            nonces.add(Base64.getEncoder().encodeToString(
                    java.util.Arrays.copyOf(Base64.getUrlDecoder().decode(sealed.substring(3)), 12)));
        }
        assertThat(nonces).hasSize(200);
    }

    @Test
    void changingAnyCharacterOfTheStoredValueFails() {
        String sealed = cipher.seal(CONTEXT, SecretValue.of(PLAIN));
        for (int i = 0; i < sealed.length(); i++) {
            for (char replacement : new char[] {'A', 'z', '2', '_', ':'}) {
                if (sealed.charAt(i) == replacement) {
                    continue;
                }
                String altered = sealed.substring(0, i) + replacement + sealed.substring(i + 1);
                SecretDecryptionException e = catchThrowableOfType(SecretDecryptionException.class,
                        () -> cipher.open(CONTEXT, altered));
                assertThat(e).as("altered at %d to %s", i, replacement).isNotNull();
                assertClear(e);
            }
        }
    }

    @Test
    void flippingAnyBitOfThePayloadFailsAsMismatch() {
        String sealed = cipher.seal(CONTEXT, SecretValue.of(PLAIN));
        byte[] payload = Base64.getUrlDecoder().decode(sealed.substring(3));
        for (int i = 0; i < payload.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] altered = payload.clone();
                altered[i] ^= (byte) (1 << bit);
                String text = "v1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
                SecretDecryptionException e = catchThrowableOfType(SecretDecryptionException.class,
                        () -> cipher.open(CONTEXT, text));
                assertThat(e).as("byte %d bit %d", i, bit).isNotNull();
                assertThat(e.reason()).isEqualTo(SecretDecryptionException.Reason.MISMATCH);
                assertClear(e);
            }
        }
    }

    @Test
    void truncatedOrForeignTextIsMalformed() {
        String sealed = cipher.seal(CONTEXT, SecretValue.of(PLAIN));
        for (String bad : new String[] {"", "v1:", "v1", sealed.substring(0, 20), "v01:" + sealed.substring(3),
                "plain-secret", sealed + "="}) {
            SecretDecryptionException e = catchThrowableOfType(SecretDecryptionException.class,
                    () -> cipher.open(CONTEXT, bad));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.reason()).isEqualTo(SecretDecryptionException.Reason.MALFORMED);
            assertClear(e);
        }
    }

    @Test
    void aValueMovedToAnotherTenantConnectorOrFieldFails() {
        String sealed = cipher.seal(CONTEXT, SecretValue.of(PLAIN));
        for (SecretContext other : new SecretContext[] {
                new SecretContext("org-b", CONTEXT.owner(), CONTEXT.field()),
                new SecretContext(CONTEXT.tenant(), "ghcr.aaaaaaaaaa", CONTEXT.field()),
                new SecretContext(CONTEXT.tenant(), CONTEXT.owner(), "password"),
                // Same characters, different split: the length prefixes keep these apart.
                new SecretContext("org-ag", "hcr.k3v9x2m4qa", CONTEXT.field())}) {
            SecretDecryptionException e = catchThrowableOfType(SecretDecryptionException.class,
                    () -> cipher.open(other, sealed));
            assertThat(e).as(other.toString()).isNotNull();
            assertThat(e.reason()).isEqualTo(SecretDecryptionException.Reason.MISMATCH);
            assertThat(e.getMessage()).contains("copied from another connector");
        }
    }

    @Test
    void theWrongKeyFails() {
        String sealed = cipher.seal(CONTEXT, SecretValue.of(PLAIN));
        SecretCipher other = new SecretCipher(Keyring.generate(RANDOM));
        SecretDecryptionException e = catchThrowableOfType(SecretDecryptionException.class,
                () -> other.open(CONTEXT, sealed));
        assertThat(e.reason()).isEqualTo(SecretDecryptionException.Reason.MISMATCH);
        assertClear(e);
    }

    @Test
    void aKeyVersionNotHeldIsNamed() {
        Keyring two = keyring.withNewKey(RANDOM);
        String sealed = new SecretCipher(two).seal(CONTEXT, SecretValue.of(PLAIN));
        assertThat(sealed).startsWith("v2:");
        SecretDecryptionException e = catchThrowableOfType(SecretDecryptionException.class,
                () -> cipher.open(CONTEXT, sealed));
        assertThat(e.reason()).isEqualTo(SecretDecryptionException.Reason.UNKNOWN_KEY);
        assertThat(e.getMessage()).contains("key version 2").contains("[1]");
        assertClear(e);
    }

    @Test
    void olderVersionsStillDecryptAndTheNewestEncrypts() {
        String underOne = cipher.seal(CONTEXT, SecretValue.of(PLAIN));
        SecretCipher rotated = new SecretCipher(keyring.withNewKey(RANDOM));
        assertThat(rotated.open(CONTEXT, underOne).reveal()).isEqualTo(PLAIN);
        assertThat(rotated.seal(CONTEXT, SecretValue.of(PLAIN))).startsWith("v2:");
    }

    @Test
    void aPrefixEditedToAnotherHeldVersionFails() {
        Keyring two = keyring.withNewKey(RANDOM);
        SecretCipher c = new SecretCipher(two);
        String underTwo = c.seal(CONTEXT, SecretValue.of(PLAIN));
        String relabelled = "v1:" + underTwo.substring(3);
        assertThatThrownBy(() -> c.open(CONTEXT, relabelled)).isInstanceOf(SecretDecryptionException.class);
    }

    /** One sentence for a person: no JCA vocabulary, no cause chain, no plain text. */
    private static void assertClear(SecretDecryptionException e) {
        assertThat(e.getCause()).isNull();
        assertThat(e.getMessage())
                .doesNotContainIgnoringCase("tag mismatch")
                .doesNotContain("AEADBadTag")
                .doesNotContain("javax.crypto")
                .doesNotContain(PLAIN)
                .contains("'token' of ghcr.k3v9x2m4qa")
                .containsAnyOf("enter the secret again", "restore");
        assertThat(e.getMessage().lines().count()).isEqualTo(1);
    }
}
