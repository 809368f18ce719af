package io.whittle.xray.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The SPDX license and exception identifiers, read from the lists cyclonedx-core-java ships, so that the ids we
 * write are exactly the ones the CycloneDX schema accepts. Ids match case-insensitively (SPDX says so); the
 * canonical spelling is what we write.
 */
final class SpdxLicenseList {
    private static final SpdxLicenseList INSTANCE = load();

    private final Map<String, String> licenses;
    private final Map<String, String> exceptions;
    private final String version;

    private SpdxLicenseList(Map<String, String> licenses, Map<String, String> exceptions, String version) {
        this.licenses = licenses;
        this.exceptions = exceptions;
        this.version = version;
    }

    static SpdxLicenseList get() {
        return INSTANCE;
    }

    /** The canonical license id for {@code id}, when it is one. */
    Optional<String> license(String id) {
        return Optional.ofNullable(licenses.get(id.toLowerCase(Locale.ROOT)));
    }

    /** The canonical exception id for {@code id}, when it is one. */
    Optional<String> exception(String id) {
        return Optional.ofNullable(exceptions.get(id.toLowerCase(Locale.ROOT)));
    }

    /** The list version as SPDX's {@code licenseListVersion} wants it: {@code major.minor}. */
    String version() {
        return version;
    }

    private static SpdxLicenseList load() {
        ObjectMapper json = new ObjectMapper();
        JsonNode list = read(json, "licenses/licenses.json");
        JsonNode schemaEnum = read(json, "spdx.schema.json").path("enum");
        Map<String, String> licenses = new HashMap<>();
        for (JsonNode l : list.path("licenses")) {
            String id = l.path("licenseId").asText();
            licenses.put(id.toLowerCase(Locale.ROOT), id);
        }
        // The CycloneDX enum holds licenses and exceptions together; what is not a license is an exception.
        Map<String, String> exceptions = new HashMap<>();
        for (JsonNode e : schemaEnum) {
            String id = e.asText();
            if (!licenses.containsKey(id.toLowerCase(Locale.ROOT))) {
                exceptions.put(id.toLowerCase(Locale.ROOT), id);
            }
        }
        if (licenses.isEmpty() || exceptions.isEmpty()) {
            throw new IllegalStateException("The SPDX license list in cyclonedx-core-java is empty; check that"
                    + " the cyclonedx-core-java jar on the class path is intact.");
        }
        String[] parts = list.path("licenseListVersion").asText("3.0").split("\\.");
        String version = parts.length >= 2 ? parts[0] + "." + parts[1] : parts[0];
        return new SpdxLicenseList(Map.copyOf(licenses), Map.copyOf(exceptions), version);
    }

    private static JsonNode read(ObjectMapper json, String resource) {
        try (InputStream in = org.cyclonedx.model.Bom.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The resource " + resource + " is missing from cyclonedx-core-java;"
                        + " check the cyclonedx-core-java version on the class path.");
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
