package io.whittle.xray.sbom;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.xray.pkg.OsRelease;
import io.whittle.xray.pkg.Package;
import io.whittle.xray.report.XrayReport;
import java.io.IOException;
import java.io.OutputStream;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SPDX 2.3 JSON, written field by field: the image is the described package and CONTAINS the OS and every
 * package. Licenses that are not SPDX become LicenseRef-s with their text in {@code hasExtractedLicensingInfos}.
 */
final class SpdxWriter {
    static final String NOASSERTION = "NOASSERTION";
    static final String DOCUMENT = "SPDXRef-DOCUMENT";
    static final String NAMESPACE_BASE = "https://whittle.example.com/spdx/";
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // the caller owns out

    private SpdxWriter() {
    }

    static void write(XrayReport report, OutputStream out) throws IOException {
        JSON.writeValue(out, document(report));
    }

    static ObjectNode document(XrayReport report) {
        ImageIdentity image = ImageIdentity.of(report.image());
        String analyzedAt = report.analysis().analyzedAt();
        ObjectNode doc = JSON.createObjectNode();
        doc.put("spdxVersion", "SPDX-2.3");
        doc.put("dataLicense", "CC0-1.0");
        doc.put("SPDXID", DOCUMENT);
        doc.put("name", image.name() + "@" + image.digest());
        doc.put("documentNamespace", NAMESPACE_BASE + idString(image.name()) + "-"
                + SbomTime.documentId("spdx", image.digest(), analyzedAt));
        ObjectNode creation = doc.putObject("creationInfo");
        creation.put("created", CREATED.format(SbomTime.analyzedAt(analyzedAt)));
        creation.putArray("creators").add("Tool: whittle-" + report.analysis().whittleVersion());
        creation.put("licenseListVersion", SpdxLicenseList.get().version());

        SbomPackages.UniqueIds ids = new SbomPackages.UniqueIds();
        String imageId = ids.claim("SPDXRef-Image-" + idString(image.name()));
        doc.putArray("documentDescribes").add(imageId);
        ArrayNode packages = doc.putArray("packages");
        ArrayNode relationships = JSON.createArrayNode();
        relationship(relationships, DOCUMENT, "DESCRIBES", imageId);

        ObjectNode subject = basePackage(packages, imageId, image.name(), image.digest());
        subject.put("primaryPackagePurpose", "CONTAINER");
        purl(subject, image.purl());

        report.os().ifPresent(os -> {
            String osId = ids.claim("SPDXRef-OperatingSystem-" + idString(os.distroQualifier()));
            ObjectNode p = basePackage(packages, osId, os.id(), os.versionId().orElse(""));
            p.put("primaryPackagePurpose", "OPERATING_SYSTEM");
            os.prettyName().ifPresent(n -> p.put("description", n));
            relationship(relationships, imageId, "CONTAINS", osId);
        });

        LicenseRefs refs = new LicenseRefs();
        for (Package pkg : SbomPackages.ordered(report.packages())) {
            String id = ids.claim("SPDXRef-Package-" + idString(pkg.type() + "-" + pkg.name() + "-"
                    + pkg.version()));
            ObjectNode p = basePackage(packages, id, pkg.name(), pkg.version());
            List<DeclaredLicense> declared = DeclaredLicense.of(pkg.licenses());
            p.put("licenseDeclared", declared.isEmpty() ? NOASSERTION : DeclaredLicense.and(declared, refs::ref));
            if (!pkg.purl().isBlank()) {
                purl(p, pkg.purl());
            }
            p.put("sourceInfo", pkg.type() + " package found at /" + pkg.location()
                    + (pkg.files().isEmpty() ? "" : ", owning " + pkg.files().size()
                    + (pkg.files().size() == 1 ? " file" : " files")));
            relationship(relationships, imageId, "CONTAINS", id);
        }
        if (!refs.byText.isEmpty()) {
            ArrayNode extracted = doc.putArray("hasExtractedLicensingInfos");
            new TreeMap<>(refs.byRef()).forEach((ref, text) -> extracted.addObject()
                    .put("licenseId", ref)
                    .put("extractedText", text)
                    .put("name", text));
        }
        doc.set("relationships", relationships);
        return doc;
    }

    /** The fields SPDX 2.3 requires or we always state; what we do not know is NOASSERTION, not a guess. */
    private static ObjectNode basePackage(ArrayNode packages, String id, String name, String version) {
        ObjectNode p = packages.addObject();
        p.put("SPDXID", id);
        p.put("name", name);
        if (!version.isEmpty()) {
            p.put("versionInfo", version);
        }
        p.put("downloadLocation", NOASSERTION);
        p.put("filesAnalyzed", false);
        p.put("licenseConcluded", NOASSERTION);
        p.put("licenseDeclared", NOASSERTION);
        p.put("copyrightText", NOASSERTION);
        return p;
    }

    private static void purl(ObjectNode p, String purl) {
        p.putArray("externalRefs").addObject()
                .put("referenceCategory", "PACKAGE-MANAGER")
                .put("referenceType", "purl")
                .put("referenceLocator", purl);
    }

    private static void relationship(ArrayNode relationships, String from, String type, String to) {
        relationships.addObject()
                .put("spdxElementId", from)
                .put("relationshipType", type)
                .put("relatedSpdxElement", to);
    }

    /** SPDX ids allow letters, digits, '.' and '-' only. */
    static String idString(String s) {
        String cleaned = s.replaceAll("[^A-Za-z0-9.-]+", "-").replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
        return cleaned.isEmpty() ? "unnamed" : cleaned;
    }

    /** One LicenseRef per distinct license text, its id from the text, numbered when two texts clean alike. */
    private static final class LicenseRefs {
        private final Map<String, String> byText = new TreeMap<>();
        private final SbomPackages.UniqueIds ids = new SbomPackages.UniqueIds();

        String ref(DeclaredLicense.Name name) {
            return byText.computeIfAbsent(name.text(), t -> ids.claim(
                    t.matches("LicenseRef-[A-Za-z0-9.-]+") ? t : "LicenseRef-" + idString(t)));
        }

        Map<String, String> byRef() {
            Map<String, String> out = new TreeMap<>();
            byText.forEach((text, ref) -> out.put(ref, text));
            return out;
        }
    }
}
