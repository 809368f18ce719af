package io.whittle.xray.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.xray.pkg.Package;
import io.whittle.xray.report.XrayReport;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class SpdxSbomTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void validAgainstTheOfficialSpdx23Schema() throws Exception {
        JsonNode doc = JSON.readTree(SbomFixtures.write(Sboms.Format.SPDX, SbomFixtures.report()));

        assertThat(JsonSchemas.errors(JsonSchemas.spdx23(), doc)).isEmpty();
    }

    @Test
    void theSchemaCheckCatchesAPackageWithoutItsRequiredFields() throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(SbomFixtures.write(Sboms.Format.SPDX, SbomFixtures.report()));
        ((ObjectNode) doc.path("packages").get(2)).remove("downloadLocation");
        ((ObjectNode) doc.path("packages").get(3)).put("primaryPackagePurpose", "OPERATING-SYSTEM");

        assertThat(JsonSchemas.errors(JsonSchemas.spdx23(), doc)).hasSize(2);
    }

    /** What the 2.3 specification asks for beyond the JSON schema, which checks neither ids nor expressions. */
    @Test
    void meetsTheSpecificationWhereTheSchemaIsSilent() throws Exception {
        XrayReport report = SbomFixtures.report();
        JsonNode doc = JSON.readTree(SbomFixtures.write(Sboms.Format.SPDX, report));

        assertThat(doc.path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
        assertThat(doc.path("dataLicense").asText()).isEqualTo("CC0-1.0");
        assertThat(doc.path("SPDXID").asText()).isEqualTo("SPDXRef-DOCUMENT");
        assertThat(doc.path("name").asText()).isNotBlank();
        URI namespace = URI.create(doc.path("documentNamespace").asText());
        assertThat(namespace.isAbsolute()).isTrue();
        assertThat(namespace.getFragment()).isNull();
        assertThat(doc.at("/creationInfo/created").asText()).isEqualTo("2026-11-27T10:15:30Z");
        assertThat(list(doc.at("/creationInfo/creators"))).containsExactly("Tool: whittle-" + SbomFixtures.VERSION);
        assertThat(doc.at("/creationInfo/licenseListVersion").asText()).matches("\\d+\\.\\d+");

        List<JsonNode> packages = nodes(doc.path("packages"));
        assertThat(packages).hasSize(report.packages().size() + 2);
        Set<String> ids = new HashSet<>();
        for (JsonNode p : packages) {
            String id = p.path("SPDXID").asText();
            assertThat(id).matches("SPDXRef-[A-Za-z0-9.-]+");
            assertThat(ids.add(id)).as("unique %s", id).isTrue();
            for (String field : List.of("name", "downloadLocation", "licenseConcluded", "licenseDeclared",
                    "copyrightText")) {
                assertThat(p.path(field).asText()).as("%s of %s", field, id).isNotBlank();
            }
            assertThat(p.path("filesAnalyzed").asBoolean(true)).isFalse();
        }

        String image = packages.getFirst().path("SPDXID").asText();
        assertThat(packages.getFirst().path("primaryPackagePurpose").asText()).isEqualTo("CONTAINER");
        assertThat(packages.get(1).path("primaryPackagePurpose").asText()).isEqualTo("OPERATING_SYSTEM");
        assertThat(list(doc.path("documentDescribes"))).containsExactly(image);
        List<String> relationships = new ArrayList<>();
        for (JsonNode r : doc.path("relationships")) {
            assertThat(ids).contains(r.path("relatedSpdxElement").asText());
            relationships.add(r.path("spdxElementId").asText() + " " + r.path("relationshipType").asText()
                    + " " + r.path("relatedSpdxElement").asText());
        }
        List<String> expected = new ArrayList<>(List.of("SPDXRef-DOCUMENT DESCRIBES " + image));
        packages.stream().skip(1).forEach(p -> expected.add(image + " CONTAINS " + p.path("SPDXID").asText()));
        assertThat(relationships).containsExactlyElementsOf(expected);

        List<String> purls = packages.stream().skip(2).map(p -> {
            JsonNode ref = p.path("externalRefs").get(0);
            assertThat(ref.path("referenceCategory").asText()).isEqualTo("PACKAGE-MANAGER");
            assertThat(ref.path("referenceType").asText()).isEqualTo("purl");
            return ref.path("referenceLocator").asText();
        }).toList();
        assertThat(purls).containsExactlyInAnyOrderElementsOf(report.packages().stream().map(Package::purl).toList());
        assertThat(packages.stream().skip(2).map(p -> p.path("sourceInfo").asText()))
                .allMatch(s -> s.contains(" found at /"));

        Map<String, String> extracted = new HashMap<>();
        doc.path("hasExtractedLicensingInfos").forEach(x -> extracted.put(x.path("licenseId").asText(),
                x.path("extractedText").asText()));
        Set<String> used = new HashSet<>();
        for (JsonNode p : packages) {
            String declared = p.path("licenseDeclared").asText();
            if (!declared.equals("NOASSERTION")) {
                used.addAll(licenseRefsIn(declared));
                assertValidExpression(declared, extracted.keySet());
            }
        }
        assertThat(extracted.keySet()).isEqualTo(used).allMatch(r -> r.matches("LicenseRef-[A-Za-z0-9.-]+"));
    }

    @Test
    void declaredLicensesAreSpdxExpressionsWithLicenseRefsForTheRest() throws Exception {
        JsonNode doc = JSON.readTree(SbomFixtures.write(Sboms.Format.SPDX, SbomFixtures.report()));
        Map<String, String> byLocation = new HashMap<>();
        for (JsonNode p : doc.path("packages")) {
            String source = p.path("sourceInfo").asText();
            if (!source.isEmpty()) {
                byLocation.put(source.substring(source.indexOf(" found at ") + 10).split(",")[0],
                        p.path("licenseDeclared").asText());
            }
        }
        Map<String, String> extracted = new HashMap<>();
        doc.path("hasExtractedLicensingInfos").forEach(x -> extracted.put(x.path("licenseId").asText(),
                x.path("extractedText").asText()));

        assertThat(byLocation.get("/var/lib/dpkg/status")).isEqualTo("GPL-2.0+ AND LGPL-2.1");
        assertThat(byLocation.get("/app/lib/jackson-databind-2.17.0.jar"))
                .isEqualTo("LicenseRef-Apache-License-Version-2.0")
                .isEqualTo(byLocation.get("/app/lib/old/jackson-databind-2.17.0.jar"));
        assertThat(extracted).containsEntry("LicenseRef-Apache-License-Version-2.0", "Apache License, Version 2.0")
                .containsEntry("LicenseRef-ASL-2.0", "ASL 2.0")
                .containsEntry("LicenseRef-Some-Custom-License", "Some Custom License")
                .hasSize(3);
        assertThat(byLocation.get("/app/node_modules/@babel/core/package.json")).isEqualTo("MIT OR Apache-2.0");
        assertThat(byLocation.get("/app/node_modules/left-pad/package.json"))
                .isEqualTo("(MIT OR Apache-2.0) AND LicenseRef-Some-Custom-License");
        assertThat(byLocation.get("/usr/local/bin/app")).isEqualTo("NOASSERTION");
        assertThat(byLocation.get("/app/vendor/composer/installed.json"))
                .isEqualTo("MIT AND GPL-2.0-or-later WITH Classpath-exception-2.0");
        assertThat(byLocation.get("/app/app.deps.json")).isEqualTo("MIT");
    }

    @Test
    void licenseRefsStayDistinctWhenTwoTextsCleanAlike() throws Exception {
        List<Package> packages = List.of(
                new Package("gem", "a", "1", "pkg:gem/a@1", List.of("Foo License"), "a.gemspec", List.of()),
                new Package("gem", "b", "1", "pkg:gem/b@1", List.of("Foo  License!"), "b.gemspec", List.of()),
                new Package("gem", "c", "1", "pkg:gem/c@1", List.of("LicenseRef-Foo-License"), "c.gemspec",
                        List.of()));
        JsonNode doc = JSON.readTree(SbomFixtures.write(Sboms.Format.SPDX,
                SbomFixtures.report(packages, Optional.empty(), "example.com/gems:1")));

        assertThat(JsonSchemas.errors(JsonSchemas.spdx23(), doc)).isEmpty();
        Map<String, String> extracted = new HashMap<>();
        doc.path("hasExtractedLicensingInfos").forEach(x -> extracted.put(x.path("licenseId").asText(),
                x.path("extractedText").asText()));
        assertThat(extracted).hasSize(3);
        assertThat(nodes(doc.path("packages")).stream().skip(1).map(p -> p.path("licenseDeclared").asText()))
                .doesNotHaveDuplicates()
                .allMatch(extracted::containsKey);
    }

    @Test
    void theSameReportGivesTheSameBytesWhateverThePackageOrder() throws Exception {
        XrayReport report = SbomFixtures.report();
        XrayReport shuffled = SbomFixtures.report(SbomFixtures.shuffled(), report.os(), report.image().reference());

        assertThat(SbomFixtures.write(Sboms.Format.SPDX, shuffled))
                .isEqualTo(SbomFixtures.write(Sboms.Format.SPDX, report));
    }

    @Test
    void bothFormatsLeaveTheCallersStreamOpen() throws Exception {
        for (Sboms.Format format : Sboms.Format.values()) {
            boolean[] closed = {false};
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            OutputStream out = new FilterOutputStream(bytes) {
                @Override
                public void close() {
                    closed[0] = true;
                }
            };
            Sboms.write(format, SbomFixtures.report(), out);

            assertThat(closed[0]).as("%s closed the stream", format).isFalse();
            assertThat(JSON.readTree(bytes.toByteArray()).isObject()).isTrue();
        }
    }

    private static void assertValidExpression(String expression, Set<String> licenseRefs) {
        SpdxLicenseList list = SpdxLicenseList.get();
        String[] tokens = expression.replace("(", " ( ").replace(")", " ) ").trim().split("\\s+");
        int depth = 0;
        String previous = "";
        for (String t : tokens) {
            switch (t) {
                case "(" -> depth++;
                case ")" -> depth--;
                case "AND", "OR", "WITH" -> { }
                default -> {
                    String id = t.endsWith("+") ? t.substring(0, t.length() - 1) : t;
                    boolean known = previous.equals("WITH")
                            ? list.exception(t).filter(t::equals).isPresent()
                            : licenseRefs.contains(t) || list.license(id).filter(id::equals).isPresent();
                    assertThat(known).as("%s in %s", t, expression).isTrue();
                }
            }
            assertThat(depth).isNotNegative();
            previous = t;
        }
        assertThat(depth).isZero();
    }

    private static Set<String> licenseRefsIn(String expression) {
        Set<String> refs = new HashSet<>();
        for (String t : expression.replace("(", " ").replace(")", " ").trim().split("\\s+")) {
            if (t.startsWith("LicenseRef-")) {
                refs.add(t);
            }
        }
        return refs;
    }

    private static List<JsonNode> nodes(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static List<String> list(JsonNode array) {
        return nodes(array).stream().map(JsonNode::asText).toList();
    }
}
