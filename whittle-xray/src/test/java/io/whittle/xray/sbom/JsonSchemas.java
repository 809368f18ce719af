package io.whittle.xray.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;

/** The official schemas, loaded from jars on the test class path; nothing is fetched from the network. */
final class JsonSchemas {
    /** bom-1.6.schema.json refers to spdx.schema.json and jsf-0.82.schema.json by these ids; all are in the jar. */
    private static final SchemaRegistry CYCLONEDX = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
            b -> b.schemaIdResolvers(r -> r.mapPrefix("http://cyclonedx.org/schema/", "classpath:")));
    private static final SchemaRegistry SPDX = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09);

    private JsonSchemas() {
    }

    /** CycloneDX 1.6, from cyclonedx-core-java. */
    static Schema cycloneDx16() {
        return CYCLONEDX.getSchema(SchemaLocation.of("http://cyclonedx.org/schema/bom-1.6.schema.json"));
    }

    /** SPDX 2.3, from org.spdx:tools-java. */
    static Schema spdx23() {
        return SPDX.getSchema(SchemaLocation.of("classpath:resources/spdx-schema-v2.3.json"));
    }

    static List<String> errors(Schema schema, JsonNode document) {
        return schema.validate(document).stream().map(Error::toString).toList();
    }
}
