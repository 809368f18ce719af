package io.whittle.platform.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.whittle.platform.org.Organization;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.testing.DatabaseTest;
import io.whittle.platform.testing.TestDatabase;

class MembershipsTest {

    @DatabaseTest
    void aSharedOrganizationHasMembersWithRoles(TestDatabase t) {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");
        User bob = a.user("bob");
        User cy = a.user("cy");

        Organization acme = a.memberships.createShared(ada.id(), "acme", "  Acme Inc  ");
        assertThat(acme.slug()).isEqualTo("acme");
        assertThat(acme.name()).isEqualTo("Acme Inc");
        assertThat(a.memberships.isPersonal(acme.id())).isFalse();
        assertThat(a.memberships.role(acme.id(), ada.id())).contains(Role.OWNER);
        assertThat(a.memberships.role(acme.id(), bob.id())).isEmpty();

        a.memberships.add(acme.id(), "bob", Role.MEMBER);
        a.memberships.add(acme.id(), " CY ", Role.VIEWER);

        assertThat(a.memberships.members(acme.id())).containsExactly(new Member(ada, Role.OWNER),
                new Member(bob, Role.MEMBER), new Member(cy, Role.VIEWER));
        Organization zeta = a.shared(bob, "zeta");
        Organization beta = a.shared(bob, "beta");
        assertThat(a.memberships.organizationsOf(bob.id())).extracting(m -> m.organization().slug(), Membership::role)
                .containsExactly(tuple("bob", Role.OWNER),
                        tuple("acme", Role.MEMBER),
                        tuple("beta", Role.OWNER),
                        tuple("zeta", Role.OWNER));
        assertThat(zeta.id()).isNotEqualTo(beta.id());

        a.memberships.changeRole(acme.id(), bob.id(), Role.OWNER);
        assertThat(a.memberships.role(acme.id(), bob.id())).contains(Role.OWNER);
        a.memberships.changeRole(acme.id(), cy.id(), Role.VIEWER);
        a.memberships.remove(acme.id(), cy.id());
        assertThat(a.memberships.role(acme.id(), cy.id())).isEmpty();
        assertThat(a.memberships.organizationsOf(cy.id())).extracting(m -> m.organization().slug())
                .containsExactly("cy");
        assertThat(a.memberships.members(OrganizationId.LOCAL)).isEmpty();
    }

    @DatabaseTest
    void theLastOwnerCanBeNeitherRemovedNorDemoted(TestDatabase t) {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");
        User bob = a.user("bob");
        Organization acme = a.shared(ada, "acme");
        a.memberships.add(acme.id(), "bob", Role.MEMBER);

        assertThatThrownBy(() -> a.memberships.remove(acme.id(), ada.id()))
                .isInstanceOf(AccountConflictException.class)
                .hasMessage("This is the last owner of 'acme': make another member an owner first.");
        assertThatThrownBy(() -> a.memberships.changeRole(acme.id(), ada.id(), Role.VIEWER))
                .isInstanceOf(AccountConflictException.class).hasMessageContaining("last owner");
        assertThat(a.memberships.role(acme.id(), ada.id())).contains(Role.OWNER);

        a.memberships.changeRole(acme.id(), bob.id(), Role.OWNER);
        a.memberships.changeRole(acme.id(), ada.id(), Role.MEMBER);
        assertThatThrownBy(() -> a.memberships.remove(acme.id(), bob.id()))
                .isInstanceOf(AccountConflictException.class).hasMessageContaining("last owner");
        a.memberships.remove(acme.id(), ada.id());
        assertThat(a.memberships.members(acme.id())).containsExactly(new Member(bob, Role.OWNER));
    }

    @DatabaseTest
    void aPersonalOrganizationHasOnlyItsOwner(TestDatabase t) {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");
        a.user("bob");
        OrganizationId personal = ada.personalOrganization();

        assertThatThrownBy(() -> a.memberships.add(personal, "bob", Role.VIEWER))
                .isInstanceOf(AccountConflictException.class)
                .hasMessage("'ada' is a personal organization and takes no other members: create a shared "
                        + "organization to work with others.");
        assertThatThrownBy(() -> a.memberships.remove(personal, ada.id()))
                .isInstanceOf(AccountConflictException.class).hasMessageContaining("always keeps its owner");
        assertThatThrownBy(() -> a.memberships.changeRole(personal, ada.id(), Role.MEMBER))
                .isInstanceOf(AccountConflictException.class).hasMessageContaining("always keeps its owner");
        assertThat(a.memberships.members(personal)).containsExactly(new Member(ada, Role.OWNER));
    }

    @DatabaseTest
    void unknownNamesAndRepeatsAreRefusedClearly(TestDatabase t) {
        Accounts a = Accounts.on(t);
        User ada = a.user("ada");
        User bob = a.user("bob");
        Organization acme = a.shared(ada, "acme");
        OrganizationId nowhere = OrganizationId.random();

        assertThatThrownBy(() -> a.memberships.add(acme.id(), "nobody", Role.MEMBER))
                .isInstanceOf(AccountNotFoundException.class).hasMessage("There is no user 'nobody': check the username.");
        assertThatThrownBy(() -> a.memberships.add(nowhere, "bob", Role.MEMBER))
                .isInstanceOf(AccountNotFoundException.class).hasMessageContaining("There is no organization");
        assertThatThrownBy(() -> a.memberships.members(nowhere)).isInstanceOf(AccountNotFoundException.class);
        assertThatThrownBy(() -> a.memberships.changeRole(acme.id(), bob.id(), Role.VIEWER))
                .isInstanceOf(AccountNotFoundException.class).hasMessageContaining("is not a member of 'acme'");
        assertThatThrownBy(() -> a.memberships.remove(acme.id(), bob.id()))
                .isInstanceOf(AccountNotFoundException.class);
        a.memberships.add(acme.id(), "bob", Role.VIEWER);
        assertThatThrownBy(() -> a.memberships.add(acme.id(), "bob", Role.OWNER))
                .isInstanceOf(AccountConflictException.class).hasMessageContaining("change their role instead");
        assertThat(a.memberships.role(acme.id(), bob.id())).contains(Role.VIEWER);

        assertThatThrownBy(() -> a.memberships.createShared(ada.id(), "Acme Two", "x"))
                .isInstanceOf(InvalidAccountInputException.class).hasMessageContaining("lowercase");
        assertThatThrownBy(() -> a.memberships.createShared(ada.id(), "two", " "))
                .isInstanceOf(InvalidAccountInputException.class).hasMessageContaining("printable");
        for (String taken : new String[] {"acme", "bob", "local"}) {
            assertThatThrownBy(() -> a.memberships.createShared(ada.id(), taken, "Again")).as(taken)
                    .isInstanceOf(AccountConflictException.class).hasMessageContaining("choose another slug");
        }
        assertThatThrownBy(() -> a.memberships.createShared(UserId.random(), "orphan", "Orphan"))
                .isInstanceOf(AccountNotFoundException.class);
        assertThat(a.memberships.organizationsOf(ada.id())).hasSize(2);
    }
}
