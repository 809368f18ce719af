package io.whittle.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.oci.AccessException;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.connector.Verification;
import io.whittle.registry.RegistryClient;
import java.util.List;

/**
 * The flow every provider goes through against its emulator: add (checked), list repositories, list tags, inspect
 * a manifest through the connector keychain, push with the copier, delete the pushed tag.
 */
final class Flow {
    private Flow() {
    }

    static Connector add(TestPlatform p, String provider, String name, FieldValues values, Access expected)
            throws Exception {
        ConnectorOutcome o = p.service.add(TestPlatform.ORG, NewConnector.of(provider, name, values));
        assertThat(o.verified()).isTrue();
        Connector c = o.connector();
        assertThat(c.id().provider()).isEqualTo(provider);
        assertThat(c.state().status().verification()).isEqualTo(Verification.VERIFIED);
        assertThat(c.state().access()).isEqualTo(expected);
        return c;
    }

    /** Runs the flow on {@code repository}, which holds {@code tag} with {@code digest}. */
    static void run(TestPlatform p, Connector c, String repository, String tag, Digest digest, String marker)
            throws Exception {
        ConnectorId id = c.id();
        String host = c.registryHost();
        assertThat(p.service.allRepositories(TestPlatform.ORG, id, 1000)).extracting(RepositoryInfo::name)
                .contains(repository);
        List<TagInfo> tags = p.service.allTags(TestPlatform.ORG, id, repository, 1000);
        assertThat(tags).filteredOn(t -> t.name().equals(tag)).singleElement()
                .satisfies(t -> assertThat(t.digest()).contains(digest));

        Digest pushed;
        try (ConnectorKeychain keychain = p.service.keychain(TestPlatform.ORG);
             RegistryClient client = p.context.registryClient().keychain(keychain).build()) {
            assertThat(client.repository(host, repository).manifest(tag).digest()).isEqualTo(digest);
            pushed = Images.push(client, host, repository, "pushed", marker);
            assertThat(client.repository(host, repository).manifest("pushed").digest()).isEqualTo(pushed);
        }
        assertThat(p.service.allTags(TestPlatform.ORG, id, repository, 1000)).extracting(TagInfo::name)
                .contains("pushed", tag);
        p.service.deleteTag(TestPlatform.ORG, id, repository, "pushed");
        assertThat(p.service.allTags(TestPlatform.ORG, id, repository, 1000)).extracting(TagInfo::name)
                .doesNotContain("pushed").contains(tag);
        assertThat(p.service.test(TestPlatform.ORG, id).verified()).isTrue();
    }

    /** A read-only connector reads {@code repository:tag} through its keychain, and its push is denied. */
    static void readsButCannotPush(TestPlatform p, Connector c, String repository, String tag, Digest digest,
                                   String marker) throws Exception {
        try (ConnectorKeychain keychain = p.service.keychain(TestPlatform.ORG, c.id());
             RegistryClient client = p.context.registryClient().keychain(keychain).build()) {
            assertThat(client.repository(c.registryHost(), repository).manifest(tag).digest()).isEqualTo(digest);
        }
        cannotPush(p, c, repository, marker);
    }

    /** A read-only connector's push to {@code repository} is denied. */
    static void cannotPush(TestPlatform p, Connector c, String repository, String marker) throws Exception {
        try (ConnectorKeychain keychain = p.service.keychain(TestPlatform.ORG, c.id());
             RegistryClient client = p.context.registryClient().keychain(keychain).build()) {
            assertThatThrownBy(() -> Images.push(client, c.registryHost(), repository, "nope", marker))
                    .isInstanceOfSatisfying(AccessException.class,
                            e -> assertThat(e.failure()).isEqualTo(Failure.DENIED));
        }
    }
}
