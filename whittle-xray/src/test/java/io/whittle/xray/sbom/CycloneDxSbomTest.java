package io.whittle.xray.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.packageurl.PackageURL;
import io.whittle.xray.pkg.Package;
import io.whittle.xray.report.XrayReport;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.License;
import org.cyclonedx.model.Property;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

class CycloneDxSbomTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void validAgainstTheCycloneDx16SchemaByTheLibraryAndByNetworknt() throws Exception {
        byte[] bom = SbomFixtures.write(Sboms.Format.CYCLONEDX, SbomFixtures.report());

        assertThat(new JsonParser().validate(bom, Version.VERSION_16)).isEmpty();
        JsonNode tree = JSON.readTree(bom);
        assertThat(tree.path("specVersion").asText()).isEqualTo("1.6");
        assertThat(JsonSchemas.errors(JsonSchemas.cycloneDx16(), tree)).isEmpty();
    }

    @Test
    void theSchemaCheckCatchesWhatWeMustNotWrite() throws Exception {
        ObjectNode tree = (ObjectNode) JSON.readTree(SbomFixtures.write(Sboms.Format.CYCLONEDX,
                SbomFixtures.report()));
        // A license id outside the SPDX list, as a careless writer would put "Apache License, Version 2.0".
        ((ObjectNode) tree.path("components").get(1)).putArray("licenses").addObject().putObject("license")
                .put("id", "Apache License, Version 2.0");

        assertThat(JsonSchemas.errors(JsonSchemas.cycloneDx16(), tree)).isNotEmpty();
        assertThat(new JsonParser().validate(JSON.writeValueAsBytes(tree), Version.VERSION_16)).isNotEmpty();
    }

    @Test
    void roundTripsThroughTheLibraryWithEveryPackageAndTheImage() throws Exception {
        XrayReport report = SbomFixtures.report();
        Bom bom = new JsonParser().parse(SbomFixtures.write(Sboms.Format.CYCLONEDX, report));

        assertThat(bom.getSerialNumber()).matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(bom.getMetadata().getTimestamp().toInstant()).hasToString("2026-11-27T10:15:30Z");
        Component tool = bom.getMetadata().getToolChoice().getComponents().getFirst();
        assertThat(tool.getName()).isEqualTo("whittle");
        assertThat(tool.getVersion()).isEqualTo(SbomFixtures.VERSION);

        Component image = bom.getMetadata().getComponent();
        assertThat(image.getType()).isEqualTo(Component.Type.CONTAINER);
        assertThat(image.getName()).isEqualTo("team/app");
        assertThat(image.getVersion()).isEqualTo(SbomFixtures.DIGEST);
        PackageURL purl = new PackageURL(image.getPurl());
        assertThat(purl.getType()).isEqualTo("oci");
        assertThat(purl.getName()).isEqualTo("app");
        assertThat(purl.getVersion()).isEqualTo(SbomFixtures.DIGEST);
        assertThat(purl.getQualifiers()).containsExactlyInAnyOrderEntriesOf(Map.of("arch", "arm64",
                "repository_url", "registry.example.com:5000/team/app", "tag", "1.0"));
        assertThat(image.getPurl()).startsWith("pkg:oci/app@sha256%3A0123");

        List<Component> components = bom.getComponents();
        assertThat(components.getFirst().getType()).isEqualTo(Component.Type.OPERATING_SYSTEM);
        assertThat(components.getFirst().getName()).isEqualTo("debian");
        assertThat(components.getFirst().getVersion()).isEqualTo("12");
        List<Component> libraries = components.subList(1, components.size());
        assertThat(libraries).allMatch(c -> c.getType() == Component.Type.LIBRARY);
        assertThat(libraries).extracting(Component::getPurl)
                .containsExactlyInAnyOrderElementsOf(report.packages().stream().map(Package::purl).toList());
        assertThat(libraries).extracting(c -> property(c, CycloneDxWriter.LOCATION))
                .containsExactlyInAnyOrderElementsOf(report.packages().stream().map(p -> "/" + p.location())
                        .toList());

        List<String> refs = components.stream().map(Component::getBomRef).toList();
        assertThat(new HashSet<>(refs)).hasSameSizeAs(refs).doesNotContain(image.getBomRef());
        assertThat(refs).contains("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.0",
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.0|/app/lib/old/jackson-databind-2.17.0.jar");

        assertThat(bom.getDependencies()).singleElement().satisfies(root -> {
            assertThat(root.getRef()).isEqualTo(image.getBomRef());
            assertThat(root.getDependencies()).extracting(d -> d.getRef()).containsExactlyElementsOf(refs);
        });
    }

    @Test
    void licensesAreSpdxIdsExpressionsOrNames() throws Exception {
        Bom bom = new JsonParser().parse(SbomFixtures.write(Sboms.Format.CYCLONEDX, SbomFixtures.report()));
        Map<String, Component> byLocation = bom.getComponents().stream().skip(1)
                .collect(Collectors.toMap(c -> property(c, CycloneDxWriter.LOCATION), Function.identity()));

        assertThat(ids(byLocation.get("/var/lib/dpkg/status"))).containsExactly("GPL-2.0+", "LGPL-2.1");
        assertThat(names(byLocation.get("/var/lib/rpm/rpmdb.sqlite"))).containsExactly("ASL 2.0");
        assertThat(byLocation.get("/app/lib/jackson-databind-2.17.0.jar").getGroup())
                .isEqualTo("com.fasterxml.jackson.core");
        assertThat(names(byLocation.get("/app/lib/jackson-databind-2.17.0.jar")))
                .containsExactly("Apache License, Version 2.0");
        assertThat(ids(byLocation.get("/opt/venv/lib/python3.11/site-packages/requests-2.28.1.dist-info/METADATA")))
                .containsExactly("Apache-2.0");
        assertThat(expression(byLocation.get("/app/node_modules/@babel/core/package.json")))
                .isEqualTo("MIT OR Apache-2.0");
        assertThat(byLocation.get("/usr/local/bin/app").getLicenses()).isNull();
        assertThat(ids(byLocation.get("/usr/lib/ruby/gems/3.1.0/specifications/rake-13.1.0.gemspec")))
                .containsExactly("MIT");
        assertThat(expression(byLocation.get("/app/vendor/composer/installed.json")))
                .isEqualTo("MIT AND GPL-2.0-or-later WITH Classpath-exception-2.0");
        assertThat(ids(byLocation.get("/app/app.deps.json"))).containsExactly("MIT");
        // An expression next to a plain name cannot be one expression: both are kept as names.
        assertThat(names(byLocation.get("/app/node_modules/left-pad/package.json")))
                .containsExactly("MIT OR Apache-2.0", "Some Custom License");
        assertThat(expression(byLocation.get("/usr/local/bin/rust-app")))
                .isEqualTo("(MIT OR Apache-2.0) AND Unicode-DFS-2016 AND BSD-3-Clause");
        assertThat(property(byLocation.get("/var/lib/dpkg/status"), CycloneDxWriter.FILES)).isEqualTo("2");
    }

    @Test
    void theSameReportGivesTheSameBytesWhateverThePackageOrder() throws Exception {
        XrayReport report = SbomFixtures.report();
        XrayReport shuffled = SbomFixtures.report(SbomFixtures.shuffled(), report.os(), report.image().reference());

        byte[] first = SbomFixtures.write(Sboms.Format.CYCLONEDX, report);
        assertThat(SbomFixtures.write(Sboms.Format.CYCLONEDX, shuffled)).isEqualTo(first);
        XrayReport later = new XrayReport(report.schema(), report.image(), report.config(), report.sizes(),
                report.layers(), report.efficiency(), report.files(), report.os(), report.packages(),
                report.findings(), report.dockerfile(), report.duplicates(),
                new XrayReport.Analysis(SbomFixtures.VERSION, "2026-11-28T00:00:00Z", 1, 0, 1));
        assertThat(JSON.readTree(SbomFixtures.write(Sboms.Format.CYCLONEDX, later)).path("serialNumber"))
                .isNotEqualTo(JSON.readTree(first).path("serialNumber"));
    }

    @Test
    void anImageWithoutOsOrPackagesFromAnOciLayoutIsStillValid() throws Exception {
        XrayReport report = SbomFixtures.report(List.of(), Optional.empty(), "/tmp/layouts/my-app:latest");
        byte[] bytes = SbomFixtures.write(Sboms.Format.CYCLONEDX, report);

        assertThat(new JsonParser().validate(bytes, Version.VERSION_16)).isEmpty();
        JsonNode tree = JSON.readTree(bytes);
        assertThat(JsonSchemas.errors(JsonSchemas.cycloneDx16(), tree)).isEmpty();
        assertThat(tree.at("/metadata/component/name").asText()).isEqualTo("my-app");
        PackageURL purl = new PackageURL(tree.at("/metadata/component/purl").asText());
        assertThat(purl.getName()).isEqualTo("my-app");
        assertThat(purl.getQualifiers()).containsExactlyEntriesOf(Map.of("arch", "arm64"));
        assertThat(StreamSupport.stream(tree.path("components").spliterator(), false).count()).isZero();
    }

    private static String property(Component c, String name) {
        return c.getProperties().stream().filter(p -> p.getName().equals(name)).map(Property::getValue)
                .findFirst().orElseThrow();
    }

    private static List<String> ids(Component c) {
        assertThat(c.getLicenses().getExpression()).isNull();
        return c.getLicenses().getLicenses().stream().map(License::getId).toList();
    }

    private static List<String> names(Component c) {
        assertThat(c.getLicenses().getExpression()).isNull();
        return c.getLicenses().getLicenses().stream().map(License::getName).toList();
    }

    private static String expression(Component c) {
        assertThat(c.getLicenses().getLicenses()).isNullOrEmpty();
        return c.getLicenses().getExpression().getValue();
    }
}
