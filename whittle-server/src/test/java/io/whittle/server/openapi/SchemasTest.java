package io.whittle.server.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.platform.secret.SecretValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemasTest {
    enum Color { DARK_RED, BLUE }

    record Inner(String name, Optional<Integer> size) {
    }

    record Outer(String id, long count, boolean flag, Instant at, Color color, Inner inner, Optional<Inner> maybe,
                 List<Inner> items, Map<String, Long> totals, Optional<String> note, SecretValue password) {
    }

    record Recursive(String name, List<Recursive> children) {
    }

    record Bad(Object[] array) {
    }

    record RawList(@SuppressWarnings("rawtypes") List list) {
    }

    @Test
    void recordsBecomeObjectsWithRequiredNonOptionalMembers() {
        Schemas schemas = new Schemas();
        ObjectNode ref = schemas.schema(Outer.class);
        assertThat(ref.get("$ref").asText()).isEqualTo("#/components/schemas/SchemasTestOuter");
        JsonNode outer = schemas.components().get("SchemasTestOuter");
        assertThat(outer.get("type").asText()).isEqualTo("object");
        assertThat(outer.get("required")).extracting(JsonNode::asText).containsExactly("id", "count", "flag", "at",
                "color", "inner", "items", "totals", "password");
        JsonNode p = outer.get("properties");
        assertThat(p.at("/count/type").asText()).isEqualTo("integer");
        assertThat(p.at("/count/format").asText()).isEqualTo("int64");
        assertThat(p.at("/flag/type").asText()).isEqualTo("boolean");
        assertThat(p.at("/at/format").asText()).isEqualTo("date-time");
        assertThat(p.at("/color/$ref").asText()).isEqualTo("#/components/schemas/SchemasTestColor");
        assertThat(p.at("/items/type").asText()).isEqualTo("array");
        assertThat(p.at("/items/items/$ref").asText()).isEqualTo("#/components/schemas/SchemasTestInner");
        assertThat(p.at("/totals/type").asText()).isEqualTo("object");
        assertThat(p.at("/totals/additionalProperties/type").asText()).isEqualTo("integer");
        assertThat(p.at("/note/type")).extracting(JsonNode::asText).containsExactly("string", "null");
        assertThat(p.at("/maybe/anyOf/0/$ref").asText()).isEqualTo("#/components/schemas/SchemasTestInner");
        assertThat(p.at("/password/writeOnly").asBoolean()).isTrue();
        assertThat(schemas.components().get("SchemasTestColor").get("enum")).extracting(JsonNode::asText)
                .containsExactly("dark-red", "blue");
        assertThat(schemas.components().get("SchemasTestInner").get("required")).extracting(JsonNode::asText)
                .containsExactly("name");
    }

    @Test
    void aRecordMayReferToItself() {
        Schemas schemas = new Schemas();
        schemas.schema(Recursive.class);
        assertThat(schemas.components().get("SchemasTestRecursive").at("/properties/children/items/$ref").asText())
                .isEqualTo("#/components/schemas/SchemasTestRecursive");
    }

    @Test
    void typesWithoutAFixedShapeAreRefused() {
        assertThatThrownBy(() -> new Schemas().schema(Bad.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot describe");
        assertThatThrownBy(() -> new Schemas().schema(RawList.class)).hasMessageContaining("element type");
        assertThatThrownBy(() -> new Schemas().schema(Thread.class)).hasMessageContaining("records");
    }
}
