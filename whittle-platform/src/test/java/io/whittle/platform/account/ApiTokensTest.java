package io.whittle.platform.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.platform.org.Organization;
import io.whittle.platform.testing.DatabaseTest;
import io.whittle.platform.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

class ApiTokensTest {

    @DatabaseTest
    void aTokenActsAsItsUserInItsOrganizationAndOnlyItsDigestIsStored(TestDatabase t) throws Exception {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");
        Organization acme = a.shared(ada, "acme");

        IssuedToken issued = a.tokens.create(ada.id(), acme.id(), " laptop CLI ", Optional.empty());

        String secret = issued.secret();
        assertThat(secret).matches("wht_[A-Za-z0-9_-]{43}");
        ApiToken token = issued.token();
        assertThat(token.user()).isEqualTo(ada.id());
        assertThat(token.organization()).isEqualTo(acme.id());
        assertThat(token.name()).isEqualTo("laptop CLI");
        assertThat(token.displayPrefix()).isEqualTo(secret.substring(0, 12));
        assertThat(token.createdAt()).isEqualTo(a.clock.instant());
        assertThat(token.lastUsedAt()).isEmpty();
        assertThat(issued.toString()).doesNotContain(secret).doesNotContain(secret.substring(4));
        Instant used = a.clock.instant().plusSeconds(1);
        a.clock.advance(Duration.ofSeconds(1));
        assertThat(a.tokens.create(ada.id(), acme.id(), "other", Optional.empty()).secret()).isNotEqualTo(secret);

        assertThat(a.tokens.verify(secret)).contains(new TokenPrincipal(ada, acme.id(), Role.OWNER, token.id()));

        assertThat(a.dump("api_tokens")).isNotEmpty()
                .noneMatch(v -> v.contains(secret.substring(4)))
                .noneMatch(v -> v.contains(secret.substring(4, 20)));
        assertThat(a.query("SELECT secret_hash FROM api_tokens WHERE id = ?", token.id())).matches("[0-9a-f]{64}");
        assertThat(a.tokens.list(ada.id())).first().satisfies(listed -> {
            assertThat(listed.id()).isEqualTo(token.id());
            assertThat(listed.lastUsedAt()).contains(used);
        });
        assertThat(a.tokens.list(ada.id())).hasSize(2);
        assertThat(a.tokens.list(a.user("bob").id())).isEmpty();
    }

    @DatabaseTest
    void unknownAndMalformedSecretsAreRefused(TestDatabase t) {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");
        String secret = a.tokens.create(ada.id(), ada.personalOrganization(), "ci", Optional.empty()).secret();
        String other = "wht_" + Secrets.random();
        for (String bad : new String[] {null, "", "wht_", other, secret.substring(4), secret + "x",
                secret.substring(0, secret.length() - 1), secret.replace("wht_", "WHT_"), " " + secret}) {
            assertThat(a.tokens.verify(bad)).as(String.valueOf(bad)).isEmpty();
        }
        assertThat(a.tokens.verify(secret)).isPresent();
    }

    @DatabaseTest
    void aRevokedTokenIsRefusedAndOnlyItsOwnerMayRevokeIt(TestDatabase t) {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");
        User bob = a.user("bob");
        IssuedToken issued = a.tokens.create(ada.id(), ada.personalOrganization(), "ci", Optional.empty());
        UUID id = issued.token().id();

        assertThatThrownBy(() -> a.tokens.revoke(bob.id(), id)).isInstanceOf(AccountNotFoundException.class)
                .hasMessageContaining("There is no API token " + id + " of yours");
        assertThatThrownBy(() -> a.tokens.revoke(ada.id(), UUID.randomUUID()))
                .isInstanceOf(AccountNotFoundException.class);
        assertThat(a.tokens.verify(issued.secret())).isPresent();

        Instant revokedAt = a.clock.instant();
        a.tokens.revoke(ada.id(), id);
        a.clock.advance(Duration.ofMinutes(5));
        a.tokens.revoke(ada.id(), id);

        assertThat(a.tokens.verify(issued.secret())).isEmpty();
        assertThat(a.tokens.list(ada.id())).singleElement()
                .satisfies(token -> assertThat(token.revokedAt()).contains(revokedAt));
    }

    @DatabaseTest
    void aTokenStopsWorkingWhenItExpires(TestDatabase t) {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");
        Instant expiry = a.clock.instant().plus(Duration.ofHours(1));
        IssuedToken issued = a.tokens.create(ada.id(), ada.personalOrganization(), "ci", Optional.of(expiry));
        assertThat(issued.token().expiresAt()).contains(expiry);

        a.clock.advance(Duration.ofMinutes(59));
        assertThat(a.tokens.verify(issued.secret())).isPresent();
        a.clock.advance(Duration.ofMinutes(1));
        assertThat(a.tokens.verify(issued.secret())).isEmpty();
        assertThat(a.tokens.list(ada.id()).getFirst().activeAt(a.clock.instant())).isFalse();

        assertThatThrownBy(() -> a.tokens.create(ada.id(), ada.personalOrganization(), "late",
                Optional.of(a.clock.instant()))).isInstanceOf(InvalidAccountInputException.class)
                .hasMessageContaining("is not in the future");
    }

    @DatabaseTest
    void theRoleIsTheCurrentOneAndARemovedMemberIsRefused(TestDatabase t) {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");
        User bob = a.user("bob");
        Organization acme = a.shared(ada, "acme");
        a.memberships.add(acme.id(), "bob", Role.MEMBER);
        String secret = a.tokens.create(bob.id(), acme.id(), "bob's CI", Optional.empty()).secret();

        assertThat(a.tokens.verify(secret)).map(TokenPrincipal::role).contains(Role.MEMBER);
        a.memberships.changeRole(acme.id(), bob.id(), Role.VIEWER);
        assertThat(a.tokens.verify(secret)).map(TokenPrincipal::role).contains(Role.VIEWER);

        a.memberships.remove(acme.id(), bob.id());
        assertThat(a.tokens.verify(secret)).isEmpty();
        a.memberships.add(acme.id(), "bob", Role.OWNER);
        assertThat(a.tokens.verify(secret)).map(TokenPrincipal::role).contains(Role.OWNER);
    }

    @DatabaseTest
    void onlyAMemberGetsATokenAndItNeedsAName(TestDatabase t) {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");
        User bob = a.user("bob");

        assertThatThrownBy(() -> a.tokens.create(bob.id(), ada.personalOrganization(), "sneaky", Optional.empty()))
                .isInstanceOf(AccountNotFoundException.class).hasMessageContaining("among the user's organizations");
        assertThatThrownBy(() -> a.tokens.create(bob.id(), bob.personalOrganization(), " ", Optional.empty()))
                .isInstanceOf(InvalidAccountInputException.class).hasMessageContaining("token name");
        assertThatThrownBy(() -> a.tokens.create(bob.id(), bob.personalOrganization(), "x".repeat(101),
                Optional.empty())).isInstanceOf(InvalidAccountInputException.class);
        assertThat(a.tokens.list(bob.id())).isEmpty();
    }

    @DatabaseTest
    void lastUseIsRecordedAtMostOnceAMinute(TestDatabase t) {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");
        String secret = a.tokens.create(ada.id(), ada.personalOrganization(), "ci", Optional.empty()).secret();
        Instant first = a.clock.instant();

        a.tokens.verify(secret);
        a.clock.advance(Duration.ofSeconds(59));
        a.tokens.verify(secret);
        assertThat(a.tokens.list(ada.id()).getFirst().lastUsedAt()).contains(first);

        a.clock.advance(Duration.ofSeconds(1));
        a.tokens.verify(secret);
        assertThat(a.tokens.list(ada.id()).getFirst().lastUsedAt()).contains(first.plusSeconds(60));
    }
}
