package io.whittle.xray.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import io.whittle.xray.pkg.OsRelease;
import io.whittle.xray.pkg.Package;
import io.whittle.xray.report.XrayReport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.license.Expression;
import org.cyclonedx.model.metadata.ToolInformation;

/** CycloneDX 1.6 JSON: the image as the subject, the OS and every package as its components. */
final class CycloneDxWriter {
    static final String LOCATION = "whittle:location";
    static final String FILES = "whittle:files";
    static final String PACKAGE_TYPE = "whittle:package:type";

    private CycloneDxWriter() {
    }

    static void write(XrayReport report, OutputStream out) throws IOException {
        try {
            String json = BomGeneratorFactory.createJson(Version.VERSION_16, bom(report)).toJsonString();
            out.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (GeneratorException e) {
            throw new IOException("CycloneDX generation failed: " + e.getMessage()
                    + "; report this with the image reference.", e);
        }
    }

    static Bom bom(XrayReport report) {
        ImageIdentity image = ImageIdentity.of(report.image());
        String analyzedAt = report.analysis().analyzedAt();
        Bom bom = new Bom();
        bom.setSerialNumber("urn:uuid:" + SbomTime.documentId("cyclonedx", image.digest(), analyzedAt));
        bom.setVersion(1);

        Component subject = new Component();
        subject.setType(Component.Type.CONTAINER);
        subject.setName(image.name());
        subject.setVersion(image.digest());
        subject.setPurl(image.purl());
        subject.setBomRef(image.purl());

        Component tool = new Component();
        tool.setType(Component.Type.APPLICATION);
        tool.setName("whittle");
        tool.setVersion(report.analysis().whittleVersion());
        ToolInformation tools = new ToolInformation();
        tools.setComponents(List.of(tool));

        Metadata metadata = new Metadata();
        metadata.setTimestamp(Date.from(SbomTime.analyzedAt(analyzedAt)));
        metadata.setToolChoice(tools);
        metadata.setComponent(subject);
        bom.setMetadata(metadata);

        SbomPackages.UniqueIds refs = new SbomPackages.UniqueIds();
        refs.claim(image.purl());
        List<Component> components = new ArrayList<>();
        report.os().ifPresent(os -> components.add(operatingSystem(os, refs)));
        for (Package p : SbomPackages.ordered(report.packages())) {
            components.add(library(p, refs));
        }
        bom.setComponents(components);

        Dependency root = new Dependency(image.purl());
        root.setDependencies(components.stream().map(c -> new Dependency(c.getBomRef())).toList());
        bom.setDependencies(List.of(root));
        return bom;
    }

    private static Component operatingSystem(OsRelease os, SbomPackages.UniqueIds refs) {
        Component c = new Component();
        c.setType(Component.Type.OPERATING_SYSTEM);
        c.setName(os.id());
        os.versionId().ifPresent(c::setVersion);
        os.prettyName().ifPresent(c::setDescription);
        c.setBomRef(refs.claim("os:" + os.distroQualifier()));
        return c;
    }

    private static Component library(Package p, SbomPackages.UniqueIds refs) {
        Component c = new Component();
        c.setType(Component.Type.LIBRARY);
        c.setName(p.name());
        if (!p.version().isEmpty()) {
            c.setVersion(p.version());
        }
        String base = p.purl().isBlank() ? p.type() + ":" + p.name() + "@" + p.version() : p.purl();
        if (!p.purl().isBlank()) {
            c.setPurl(p.purl());
            if (p.type().equals("maven")) {
                mavenGroup(p.purl(), c);
            }
        }
        // The same package found twice (two copies of a jar) keeps one purl; the location tells the copies apart.
        c.setBomRef(refs.claim(refs.isTaken(base) ? base + "|/" + p.location() : base));
        licenses(DeclaredLicense.of(p.licenses()), c);
        List<Property> properties = new ArrayList<>();
        properties.add(new Property(PACKAGE_TYPE, p.type()));
        properties.add(new Property(LOCATION, "/" + p.location()));
        if (!p.files().isEmpty()) {
            properties.add(new Property(FILES, Integer.toString(p.files().size())));
        }
        c.setProperties(properties);
        return c;
    }

    /** Package keeps only the artifactId as the name; CycloneDX wants the groupId beside it. */
    private static void mavenGroup(String purl, Component c) {
        try {
            String namespace = new PackageURL(purl).getNamespace();
            if (namespace != null) {
                c.setGroup(namespace);
            }
        } catch (MalformedPackageURLException e) {
            // The purl is written as the cataloger gave it; without a parsable one there is no group to add.
        }
    }

    /**
     * CycloneDX takes either a list of licenses (by id or name) or one expression, never both: several SPDX
     * terms become one AND expression; mixed with plain names, expressions are kept as names.
     */
    private static void licenses(List<DeclaredLicense> declared, Component c) {
        if (declared.isEmpty()) {
            return;
        }
        LicenseChoice choice = new LicenseChoice();
        boolean anyExpression = declared.stream().anyMatch(d -> d instanceof DeclaredLicense.SpdxExpression);
        boolean anyName = declared.stream().anyMatch(d -> d instanceof DeclaredLicense.Name);
        if (anyExpression && !anyName) {
            choice.setExpression(new Expression(DeclaredLicense.and(declared, DeclaredLicense.Name::text)));
        } else {
            for (DeclaredLicense d : declared) {
                License l = new License();
                if (d instanceof DeclaredLicense.SpdxId) {
                    l.setId(d.text());
                } else {
                    l.setName(d.text());
                }
                choice.addLicense(l);
            }
        }
        c.setLicenses(choice);
    }
}
