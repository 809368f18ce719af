package io.whittle.platform.account;

import static io.whittle.platform.account.Accounts.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.platform.org.Organization;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.org.OrganizationStore;
import io.whittle.platform.testing.DatabaseTest;
import io.whittle.platform.testing.TestDatabase;
import java.util.List;

class AccountStoreTest {

    @DatabaseTest
    void aNewUserOwnsAPersonalOrganizationNamedAfterThem(TestDatabase t) {
        Accounts a = Accounts.on(t);
        assertThat(a.store.count()).isZero();
        assertThat(a.store.anyAdmin()).isFalse();

        User ada = a.store.createUser("ada", "Ada Lovelace", PASSWORD.toCharArray(), false);

        assertThat(ada.username()).isEqualTo("ada");
        assertThat(ada.displayName()).isEqualTo("Ada Lovelace");
        assertThat(ada.admin()).isFalse();
        assertThat(ada.createdAt()).isEqualTo(a.clock.instant());
        assertThat(a.store.user(ada.id())).contains(ada);
        assertThat(a.store.byUsername("ada")).contains(ada);
        assertThat(a.store.byUsername(" ADA ")).contains(ada);
        assertThat(a.store.user(UserId.random())).isEmpty();
        Organization personal = new OrganizationStore(a.db, a.clock).get(ada.personalOrganization()).orElseThrow();
        assertThat(personal.slug()).isEqualTo("ada");
        assertThat(personal.name()).isEqualTo("Ada Lovelace");
        assertThat(a.memberships.organizationsOf(ada.id())).containsExactly(new Membership(personal, Role.OWNER));
        assertThat(a.memberships.members(personal.id())).containsExactly(new Member(ada, Role.OWNER));
        assertThat(a.memberships.isPersonal(personal.id())).isTrue();
        assertThat(a.memberships.isPersonal(OrganizationId.LOCAL)).isFalse();
        assertThat(a.store.count()).isEqualTo(1);
        assertThat(a.store.anyAdmin()).isFalse();

        User root = a.store.createUser("root", " ", PASSWORD.toCharArray(), true);
        assertThat(root.admin()).isTrue();
        assertThat(root.displayName()).isEqualTo("root");
        assertThat(a.store.anyAdmin()).isTrue();
        assertThat(a.store.count()).isEqualTo(2);
    }

    @DatabaseTest
    void badInputAndTakenNamesAreRefusedLeavingNothingBehind(TestDatabase t) {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");
        a.shared(ada, "acme");

        for (String bad : new String[] {"a", "Ada", "-ada", "ada-", "ada lovelace", "ada_l", "x".repeat(40), ""}) {
            assertThatThrownBy(() -> a.store.createUser(bad, "", PASSWORD.toCharArray(), false)).as(bad)
                    .isInstanceOf(InvalidAccountInputException.class)
                    .hasMessageContaining("2 to 39 lowercase letters");
        }
        assertThat(a.store.createUser("x".repeat(39), "", PASSWORD.toCharArray(), false).username()).hasSize(39);
        assertThatThrownBy(() -> a.store.createUser("bob", "Bob", "short".toCharArray(), false))
                .isInstanceOf(InvalidAccountInputException.class).hasMessageContaining("at least 12 characters");
        assertThatThrownBy(() -> a.store.createUser("bob", "Bob\u0000", PASSWORD.toCharArray(), false))
                .isInstanceOf(InvalidAccountInputException.class).hasMessageContaining("printable");
        for (String taken : List.of("ada", "acme", "local")) {
            assertThatThrownBy(() -> a.store.createUser(taken, "", PASSWORD.toCharArray(), false)).as(taken)
                    .isInstanceOf(AccountConflictException.class)
                    .hasMessage("The name '" + taken + "' is taken by another user or organization: choose another "
                            + "username.");
        }
        assertThat(a.store.count()).isEqualTo(2);
        assertThat(a.store.byUsername("bob")).isEmpty();
        assertThat(new OrganizationStore(a.db, a.clock).bySlug("bob")).isEmpty();
    }

    @DatabaseTest
    void signInNeedsTheRightPasswordAndStoresOnlyAnArgon2idHash(TestDatabase t) throws Exception {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");

        assertThat(a.store.authenticate("ada", PASSWORD.toCharArray())).contains(ada);
        assertThat(a.store.authenticate(" Ada ", PASSWORD.toCharArray())).contains(ada);
        assertThat(a.store.authenticate("ada", "correct horse battery stapler".toCharArray())).isEmpty();
        assertThat(a.store.authenticate("ada", new char[0])).isEmpty();
        assertThat(a.store.authenticate("bob", PASSWORD.toCharArray())).isEmpty();
        assertThat(a.store.authenticate("", PASSWORD.toCharArray())).isEmpty();
        assertThat(a.store.authenticate(null, PASSWORD.toCharArray())).isEmpty();

        String stored = a.query("SELECT password_hash FROM users WHERE username = ?", "ada");
        assertThat(stored).startsWith("$argon2id$v=19$m=256,t=1,p=1$");
        assertThat(a.dump("users")).noneMatch(v -> v.contains(PASSWORD));
        assertThat(ada.toString()).doesNotContain("argon2");
    }

    @DatabaseTest
    void aHashMadeWithOldParametersIsReplacedAtSignIn(TestDatabase t) throws Exception {
        Accounts a = Accounts.on(t);
        AccountStore old = new AccountStore(a.db, a.clock, PasswordHasher.withParameters(128, 1, 1));
        User ada = old.createUser("ada", "Ada", PASSWORD.toCharArray(), false);
        String before = a.query("SELECT password_hash FROM users WHERE username = ?", "ada");
        assertThat(before).startsWith("$argon2id$v=19$m=128,t=1,p=1$");

        assertThat(a.store.authenticate("ada", "wrong password here".toCharArray())).isEmpty();
        assertThat(a.query("SELECT password_hash FROM users WHERE username = ?", "ada")).isEqualTo(before);

        assertThat(a.store.authenticate("ada", PASSWORD.toCharArray())).contains(ada);
        String after = a.query("SELECT password_hash FROM users WHERE username = ?", "ada");
        assertThat(after).startsWith("$argon2id$v=19$m=256,t=1,p=1$");
        assertThat(a.store.authenticate("ada", PASSWORD.toCharArray())).contains(ada);
        assertThat(old.authenticate("ada", PASSWORD.toCharArray())).contains(ada);
    }

    @DatabaseTest
    void changingThePasswordNeedsTheCurrentOne(TestDatabase t) {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");
        char[] replacement = "a brand new passphrase".toCharArray();

        assertThatThrownBy(() -> a.store.changePassword(ada.id(), "not the password".toCharArray(), replacement))
                .isInstanceOf(IncorrectPasswordException.class).hasMessageContaining("type it again");
        assertThatThrownBy(() -> a.store.changePassword(ada.id(), PASSWORD.toCharArray(), "too short".toCharArray()))
                .isInstanceOf(InvalidAccountInputException.class).hasMessageContaining("at least 12");
        assertThatThrownBy(() -> a.store.changePassword(UserId.random(), PASSWORD.toCharArray(), replacement))
                .isInstanceOf(AccountNotFoundException.class);
        assertThat(a.store.authenticate("ada", PASSWORD.toCharArray())).contains(ada);

        a.store.changePassword(ada.id(), PASSWORD.toCharArray(), replacement);

        assertThat(a.store.authenticate("ada", PASSWORD.toCharArray())).isEmpty();
        assertThat(a.store.authenticate("ada", "a brand new passphrase".toCharArray())).contains(ada);
        assertThat(new String(replacement)).isEqualTo("a brand new passphrase");
    }
}
