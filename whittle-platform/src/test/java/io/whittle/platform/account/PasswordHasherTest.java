package io.whittle.platform.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    /** Made by the reference implementation: {@code argon2 whittle-salt-16b -id -k 256 -t 1 -p 1 -l 32 -e}. */
    private static final String REFERENCE_CHEAP =
            "$argon2id$v=19$m=256,t=1,p=1$d2hpdHRsZS1zYWx0LTE2Yg$HJwW2DyaBhMtA/w/x11dQ8RPmHx81hwHPlPOWOyu+3Y";
    private static final String REFERENCE_TWO_PASSES =
            "$argon2id$v=19$m=256,t=2,p=1$d2hpdHRsZS1zYWx0LTE2Yg$GlQU76WZ1g7WJ64jSxxS2sDaZaKVPv4vYFrO0UrBKao";
    private static final String REFERENCE_OWASP =
            "$argon2id$v=19$m=19456,t=2,p=1$d2hpdHRsZS1zYWx0LTE2Yg$RV3mD7NYkLjvd3PvoTI1mH7RiRHovLYMoOtbjYetA/E";
    /** The same for "pässwörd-€-long" in UTF-8. */
    private static final String REFERENCE_UTF8 =
            "$argon2id$v=19$m=256,t=1,p=1$d2hpdHRsZS1zYWx0LTE2Yg$u+8Eit0OxVUYTwbX1x6qYbYTH/5a/AvdV6FSXTwZvGA";

    @Test
    void hashesRoundTripInThePhcFormatWithAFreshSalt() {
        PasswordHasher hasher = PasswordHasher.forTests();
        String first = hasher.hash(PASSWORD);
        String second = hasher.hash(PASSWORD);

        assertThat(first).matches("\\$argon2id\\$v=19\\$m=256,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(second).isNotEqualTo(first);
        assertThat(hasher.verify(PASSWORD, first)).isTrue();
        assertThat(hasher.verify(PASSWORD, second)).isTrue();
        assertThat(hasher.verify("correct horse battery stapler".toCharArray(), first)).isFalse();
        assertThat(hasher.verify(new char[0], first)).isFalse();
        assertThat(hasher.needsRehash(first)).isFalse();
    }

    @Test
    void verifiesHashesOfTheReferenceImplementation() {
        PasswordHasher hasher = PasswordHasher.forTests();
        assertThat(hasher.verify(PASSWORD, REFERENCE_CHEAP)).isTrue();
        assertThat(hasher.verify(PASSWORD, REFERENCE_TWO_PASSES)).isTrue();
        assertThat(hasher.verify("pässwörd-€-long".toCharArray(), REFERENCE_UTF8)).isTrue();
        assertThat(hasher.verify("passwörd-€-long".toCharArray(), REFERENCE_UTF8)).isFalse();
        // One changed hash bit is a mismatch.
        assertThat(hasher.verify(PASSWORD, REFERENCE_CHEAP.replace("HJwW", "HJwX"))).isFalse();
    }

    @Test
    void theStandardHasherUsesOwaspParameters() {
        PasswordHasher standard = PasswordHasher.standard();
        String encoded = standard.hash(PASSWORD);
        assertThat(encoded).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(standard.verify(PASSWORD, encoded)).isTrue();
        assertThat(standard.verify(PASSWORD, REFERENCE_OWASP)).isTrue();
        assertThat(standard.needsRehash(REFERENCE_OWASP)).isFalse();
        assertThat(standard.needsRehash(REFERENCE_CHEAP)).isTrue();
    }

    @Test
    void parametersAreReadFromTheHashAndOthersCallForARehash() {
        PasswordHasher old = PasswordHasher.withParameters(128, 2, 1);
        PasswordHasher current = PasswordHasher.forTests();
        String encoded = old.hash(PASSWORD);

        assertThat(encoded).startsWith("$argon2id$v=19$m=128,t=2,p=1$");
        assertThat(current.verify(PASSWORD, encoded)).isTrue();
        assertThat(current.needsRehash(encoded)).isTrue();
        assertThat(old.needsRehash(encoded)).isFalse();
        assertThat(current.needsRehash(current.hash(PASSWORD))).isFalse();
    }

    @Test
    void malformedOrForeignHashesNeverVerify() {
        PasswordHasher hasher = PasswordHasher.forTests();
        String good = hasher.hash(PASSWORD);
        String salt = good.split("\\$")[4];
        String hash = good.split("\\$")[5];
        for (String bad : new String[] {null, "", "garbage", new String(PASSWORD),
                good.replace("argon2id", "argon2i"),
                good.replace("v=19", "v=16"),
                "$argon2id$v=19$m=256,p=1,t=1$" + salt + "$" + hash,
                "$argon2id$v=19$m=99999999,t=1,p=1$" + salt + "$" + hash,
                "$argon2id$v=19$m=256,t=1000,p=1$" + salt + "$" + hash,
                "$argon2id$v=19$m=256,t=1,p=1$" + salt + "$",
                "$argon2id$v=19$m=256,t=1,p=1$!!$" + hash,
                good + "$extra",
                "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"}) {
            assertThat(hasher.verify(PASSWORD, bad)).as(bad).isFalse();
            assertThat(hasher.needsRehash(bad)).as(bad).isTrue();
        }
        assertThat(hasher.verify(null, good)).isFalse();
    }

    @Test
    void outOfRangeParametersAreRefused() {
        assertThatThrownBy(() -> PasswordHasher.withParameters(4, 1, 1)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> PasswordHasher.withParameters(256, 0, 1)).hasMessageContaining("out of range");
    }

    @Test
    void passwordsNeedTwelveCharacters() {
        assertThatThrownBy(() -> PasswordPolicy.check("elevenchars".toCharArray()))
                .isInstanceOf(InvalidAccountInputException.class)
                .hasMessage("The password is too short: choose one of at least 12 characters.");
        assertThatThrownBy(() -> PasswordPolicy.check(null)).isInstanceOf(InvalidAccountInputException.class);
        assertThatThrownBy(() -> PasswordPolicy.check(new char[1025])).isInstanceOf(InvalidAccountInputException.class)
                .hasMessageContaining("at most 1024");
        assertThatCode(() -> PasswordPolicy.check("twelve chars".toCharArray())).doesNotThrowAnyException();
        // Characters, not UTF-16 units: eleven emoji are too few.
        assertThatThrownBy(() -> PasswordPolicy.check("😀".repeat(11).toCharArray()))
                .isInstanceOf(InvalidAccountInputException.class);
    }
}
