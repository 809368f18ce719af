package io.whittle.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.platform.connector.ConnectorId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every shipped provider declares. */
class ProvidersTest {
    @Test
    void everyProviderDeclaresAFormInstructionsAndItsDestinations() {
        Providers all = StandardProviders.all();
        assertThat(all.all()).extracting(Provider::id).containsExactly("dockerhub", "ecr", "gcr", "quay", "ghcr",
                "digitalocean", "acr", "gitlab", "generic");
        for (Provider p : all.all()) {
            assertThat(ConnectorId.random(p.id(), new java.util.Random(7)).provider()).isEqualTo(p.id());
            assertThat(p.displayName()).isNotBlank();
            assertThat(p.instructions().steps()).as(p.id()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(p.form().fields()).as(p.id()).isNotEmpty();
            for (String d : p.destinationSettings()) {
                assertThat(p.form().field(d)).as(p.id() + " " + d).isPresent();
                assertThat(p.form().field(d).orElseThrow().secret()).isFalse();
            }
            for (Field f : p.form().fields()) {
                assertThat(f.label()).isNotBlank();
                assertThat(f.help()).as(p.id() + " " + f.key()).isNotBlank();
            }
        }
    }

    @Test
    void ecrOffersTheRoleFirstAndMarksKeysDeprecated() {
        Provider ecr = StandardProviders.all().find("ecr").orElseThrow();
        Field method = ecr.form().field("authMethod").orElseThrow();
        assertThat(method.defaultValue()).contains("role");
        assertThat(method.choices()).filteredOn(Choice::deprecated).extracting(Choice::value).containsExactly("keys");
        assertThat(ecr.form().field("externalId").orElseThrow().required()).isTrue();
        assertThat(ecr.form().field("externalId").orElseThrow().shownWhen()).get()
                .extracting(Field.Condition::values).isEqualTo(Set.of("role"));
        assertThat(ecr.form().field("secretAccessKey").orElseThrow().secret()).isTrue();
    }

    @Test
    void secretsAreSecretFields() {
        Providers all = StandardProviders.all();
        assertThat(all.find("ghcr").orElseThrow().form().secretKeys()).containsExactly("token");
        assertThat(all.find("gcr").orElseThrow().form().field("key").orElseThrow().kind())
                .isEqualTo(FieldKind.MULTILINE_SECRET);
        assertThat(all.find("dockerhub").orElseThrow().form().secretKeys()).containsExactly("token");
        assertThat(all.find("generic").orElseThrow().form().field("caCertificate").orElseThrow().kind())
                .isEqualTo(FieldKind.MULTILINE_TEXT);
    }
}
