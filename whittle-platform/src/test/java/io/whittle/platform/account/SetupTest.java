package io.whittle.platform.account;

import static io.whittle.platform.account.Accounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.platform.testing.DatabaseTest;
import io.whittle.platform.testing.TestDatabase;
import java.time.Duration;

class SetupTest {

    @DatabaseTest
    void theSetupTokenCreatesTheFirstAdministratorOnce(TestDatabase t) throws Exception {
        Accounts a = Accounts.on(t);
        String token = a.setup.issueSetupToken().orElseThrow();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(a.dump("setup_tokens")).isNotEmpty().noneMatch(v -> v.contains(token));

        User admin = a.setup.complete(token, "root", "The Admin", PASSWORD.toCharArray());

        assertThat(admin.admin()).isTrue();
        assertThat(admin.displayName()).isEqualTo("The Admin");
        assertThat(a.store.anyAdmin()).isTrue();
        assertThat(a.store.authenticate("root", PASSWORD.toCharArray())).contains(admin);
        assertThat(a.memberships.role(admin.personalOrganization(), admin.id())).contains(Role.OWNER);
        assertThat(a.query("SELECT COUNT(*) FROM setup_tokens")).isEqualTo("0");
        assertThatThrownBy(() -> a.setup.complete(token, "root2", "", PASSWORD.toCharArray()))
                .isInstanceOf(InvalidSetupTokenException.class)
                .hasMessageStartingWith("The setup link is wrong, used or expired:");
        assertThat(a.setup.issueSetupToken()).isEmpty();
        assertThat(a.store.count()).isEqualTo(1);
    }

    @DatabaseTest
    void aWrongTokenOrBadInputLeavesTheTokenUsable(TestDatabase t) {
        Accounts a = Accounts.on(t);
        String token = a.setup.issueSetupToken().orElseThrow();

        for (String wrong : new String[] {Secrets.random(), "", null, token.substring(1), token + "A"}) {
            assertThatThrownBy(() -> a.setup.complete(wrong, "root", "", PASSWORD.toCharArray()))
                    .isInstanceOf(InvalidSetupTokenException.class);
        }
        assertThatThrownBy(() -> a.setup.complete(token, "root", "", "short".toCharArray()))
                .isInstanceOf(InvalidAccountInputException.class).isNotInstanceOf(InvalidSetupTokenException.class)
                .hasMessageContaining("at least 12");
        assertThatThrownBy(() -> a.setup.complete(token, "local", "", PASSWORD.toCharArray()))
                .isInstanceOf(AccountConflictException.class);
        assertThat(a.store.count()).isZero();

        assertThat(a.setup.complete(token, "root", "", PASSWORD.toCharArray()).admin()).isTrue();
    }

    @DatabaseTest
    void issuingAgainReplacesTheTokenAndTokensExpire(TestDatabase t) {
        Accounts a = Accounts.on(t);
        String first = a.setup.issueSetupToken().orElseThrow();
        String second = a.setup.issueSetupToken().orElseThrow();
        assertThat(second).isNotEqualTo(first);
        assertThatThrownBy(() -> a.setup.complete(first, "root", "", PASSWORD.toCharArray()))
                .isInstanceOf(InvalidSetupTokenException.class);

        a.clock.advance(Setup.TOKEN_VALIDITY);
        assertThatThrownBy(() -> a.setup.complete(second, "root", "", PASSWORD.toCharArray()))
                .isInstanceOf(InvalidSetupTokenException.class);

        String third = a.setup.issueSetupToken().orElseThrow();
        a.clock.advance(Setup.TOKEN_VALIDITY.minus(Duration.ofSeconds(1)));
        assertThat(a.setup.complete(third, "root", "", PASSWORD.toCharArray()).admin()).isTrue();
    }

    @DatabaseTest
    void theEnvironmentPathCreatesTheAdministratorOnlyWhenThereIsNone(TestDatabase t) {
        Accounts a = Accounts.on(t);
        a.user("ada");
        String token = a.setup.issueSetupToken().orElseThrow();

        assertThatThrownBy(() -> a.setup.ensureAdmin("ada", PASSWORD.toCharArray()))
                .isInstanceOf(AccountConflictException.class).hasMessageContaining("is not an administrator");
        assertThatThrownBy(() -> a.setup.ensureAdmin("admin", "short".toCharArray()))
                .isInstanceOf(InvalidAccountInputException.class);

        User admin = a.setup.ensureAdmin("admin", PASSWORD.toCharArray()).orElseThrow();
        assertThat(admin.admin()).isTrue();
        assertThat(admin.displayName()).isEqualTo("admin");
        assertThat(a.store.authenticate("admin", PASSWORD.toCharArray())).contains(admin);

        assertThat(a.setup.ensureAdmin("admin", "another passphrase".toCharArray())).isEmpty();
        assertThat(a.setup.ensureAdmin("other", PASSWORD.toCharArray())).isEmpty();
        assertThat(a.store.authenticate("admin", PASSWORD.toCharArray())).contains(admin);
        assertThat(a.store.count()).isEqualTo(2);
        assertThatThrownBy(() -> a.setup.complete(token, "root", "", PASSWORD.toCharArray()))
                .isInstanceOf(InvalidSetupTokenException.class);
        assertThat(a.setup.issueSetupToken()).isEmpty();
    }
}
