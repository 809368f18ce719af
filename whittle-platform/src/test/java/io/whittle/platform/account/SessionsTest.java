package io.whittle.platform.account;

import static io.whittle.platform.account.Accounts.ABSOLUTE;
import static io.whittle.platform.account.Accounts.IDLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.platform.org.Organization;
import io.whittle.platform.testing.DatabaseTest;
import io.whittle.platform.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;

class SessionsTest {

    @DatabaseTest
    void anOpenedSessionIsFoundByItsSecretWhichIsNotStored(TestDatabase t) throws Exception {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");
        Instant now = a.clock.instant();

        OpenedSession opened = a.sessions.open(ada.id(), ada.personalOrganization());

        Session session = opened.session();
        assertThat(opened.secret()).matches("[A-Za-z0-9_-]{43}");
        assertThat(opened.csrfToken()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(opened.secret());
        assertThat(session.id()).isNotEqualTo(opened.secret());
        assertThat(session.user()).isEqualTo(ada.id());
        assertThat(session.organization()).isEqualTo(ada.personalOrganization());
        assertThat(session.createdAt()).isEqualTo(now);
        assertThat(session.expiresAt()).isEqualTo(now.plus(IDLE));
        assertThat(a.sessions.find(opened.secret())).contains(session);
        assertThat(opened.toString()).doesNotContain(opened.secret()).doesNotContain(opened.csrfToken());
        assertThat(a.dump("sessions")).isNotEmpty().noneMatch(v -> v.contains(opened.secret()))
                .noneMatch(v -> v.contains(opened.csrfToken()));

        assertThat(a.sessions.find(Secrets.random())).isEmpty();
        assertThat(a.sessions.find(null)).isEmpty();
        assertThat(a.sessions.find("short")).isEmpty();
        assertThatThrownBy(() -> a.sessions.open(ada.id(), a.user("bob").personalOrganization()))
                .isInstanceOf(AccountNotFoundException.class);
    }

    @DatabaseTest
    void useKeepsASessionAliveUntilItIdles(TestDatabase t) throws Exception {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");
        OpenedSession opened = a.sessions.open(ada.id(), ada.personalOrganization());

        a.clock.advance(Duration.ofMinutes(20));
        assertThat(a.sessions.find(opened.secret())).map(Session::expiresAt).contains(a.clock.instant().plus(IDLE));
        a.clock.advance(Duration.ofMinutes(29));
        assertThat(a.sessions.find(opened.secret())).isPresent();
        a.clock.advance(IDLE);
        assertThat(a.sessions.find(opened.secret())).isEmpty();
        assertThat(a.query("SELECT COUNT(*) FROM sessions")).isEqualTo("0");
    }

    @DatabaseTest
    void noAmountOfUseOutlivesTheAbsoluteTimeout(TestDatabase t) {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");
        Instant opened = a.clock.instant();
        OpenedSession session = a.sessions.open(ada.id(), ada.personalOrganization());

        while (a.clock.instant().isBefore(opened.plus(ABSOLUTE).minus(Duration.ofMinutes(20)))) {
            a.clock.advance(Duration.ofMinutes(20));
            assertThat(a.sessions.find(session.secret())).as(a.clock.instant().toString()).isPresent()
                    .hasValueSatisfying(s -> assertThat(s.expiresAt()).isBeforeOrEqualTo(opened.plus(ABSOLUTE)));
        }
        a.clock.advance(Duration.between(a.clock.instant(), opened.plus(ABSOLUTE)).minusSeconds(1));
        assertThat(a.sessions.find(session.secret())).map(Session::expiresAt).contains(opened.plus(ABSOLUTE));
        a.clock.advance(Duration.ofSeconds(1));
        assertThat(a.sessions.find(session.secret())).isEmpty();
    }

    @DatabaseTest
    void theCsrfTokenBelongsToItsSession(TestDatabase t) {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");
        OpenedSession one = a.sessions.open(ada.id(), ada.personalOrganization());
        OpenedSession two = a.sessions.open(ada.id(), ada.personalOrganization());

        assertThat(a.sessions.csrfMatches(one.secret(), one.csrfToken())).isTrue();
        assertThat(a.sessions.csrfMatches(two.secret(), two.csrfToken())).isTrue();
        assertThat(one.csrfToken()).isNotEqualTo(two.csrfToken());
        assertThat(a.sessions.csrfMatches(one.secret(), two.csrfToken())).isFalse();
        assertThat(a.sessions.csrfMatches(one.secret(), one.secret())).isFalse();
        assertThat(a.sessions.csrfMatches(one.secret(), "")).isFalse();
        assertThat(a.sessions.csrfMatches(one.secret(), null)).isFalse();
        assertThat(a.sessions.csrfMatches(one.secret(), one.csrfToken().substring(1))).isFalse();
        assertThat(a.sessions.csrfMatches(null, one.csrfToken())).isFalse();

        assertThatThrownBy(() -> new Sessions(a.db, a.clock, ABSOLUTE.plusSeconds(1), ABSOLUTE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most the absolute timeout");
        assertThatThrownBy(() -> new Sessions(a.db, a.clock, Duration.ZERO, ABSOLUTE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @DatabaseTest
    void aSessionSwitchesOnlyToOrganizationsOfItsUser(TestDatabase t) {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");
        User bob = a.user("bob");
        Organization acme = a.shared(ada, "acme");
        OpenedSession session = a.sessions.open(bob.id(), bob.personalOrganization());

        assertThatThrownBy(() -> a.sessions.switchOrganization(session.secret(), acme.id()))
                .isInstanceOf(AccountNotFoundException.class).hasMessageContaining("among your organizations");
        assertThat(a.sessions.find(session.secret())).map(Session::organization).contains(bob.personalOrganization());

        a.memberships.add(acme.id(), "bob", Role.VIEWER);
        a.sessions.switchOrganization(session.secret(), acme.id());
        assertThat(a.sessions.find(session.secret())).map(Session::organization).contains(acme.id());

        a.memberships.remove(acme.id(), bob.id());
        assertThat(a.sessions.find(session.secret())).map(Session::organization).contains(bob.personalOrganization());

        assertThatThrownBy(() -> a.sessions.switchOrganization(Secrets.random(), acme.id()))
                .isInstanceOf(AccountNotFoundException.class).hasMessage("The session has ended: sign in again.");
    }

    @DatabaseTest
    void sessionsCloseOneByOneOrAllTogether(TestDatabase t) throws Exception {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");
        User bob = a.user("bob");
        OpenedSession first = a.sessions.open(ada.id(), ada.personalOrganization());
        OpenedSession second = a.sessions.open(ada.id(), ada.personalOrganization());
        OpenedSession third = a.sessions.open(ada.id(), ada.personalOrganization());
        OpenedSession bobs = a.sessions.open(bob.id(), bob.personalOrganization());

        a.sessions.close(first.secret());
        a.sessions.close(first.secret());
        a.sessions.close("not a secret");
        assertThat(a.sessions.find(first.secret())).isEmpty();
        assertThat(a.sessions.find(second.secret())).isPresent();

        a.sessions.closeAll(ada.id());
        assertThat(a.sessions.find(second.secret())).isEmpty();
        assertThat(a.sessions.find(third.secret())).isEmpty();
        assertThat(a.sessions.find(bobs.secret())).isPresent();

        a.clock.advance(IDLE);
        assertThat(a.sessions.purgeExpired()).isEqualTo(1);
        assertThat(a.query("SELECT COUNT(*) FROM sessions")).isEqualTo("0");
    }
}
