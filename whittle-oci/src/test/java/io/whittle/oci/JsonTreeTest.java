package io.whittle.oci;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTreeTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    private static JsonNode parse(String json) throws IOException {
        return JsonTree.parse(json.getBytes(UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}", "[]", "\"text\"", "0", "-0", "12", "-2147483648", "2147483648", "-9223372036854775808",
            "9223372036854775807", "9223372036854775808", "123456789012345678901234567890", "1.5", "-0.25e-3", "1E+9",
            "true", "false", "null", " \t\r\n{ \"a\" : [ 1 , { } , [ ] , null ] } \n",
            "{\"schemaVersion\":2,\"layers\":[{\"size\":3623807,\"digest\":\"sha256:ab\",\"urls\":[]}]}",
            "\"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00 \\u0000\"", "\"unicode: é 😀 ✓\"",
            "{\"a\":1,\"a\":2}", "[[[[[[[[[[1]]]]]]]]]]"})
    void readsWhatJacksonReadsIntoTheSameTree(String json) throws IOException {
        JsonNode ours = parse(json);
        JsonNode theirs = JACKSON.readTree(json.getBytes(UTF_8));
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours.getNodeType()).isEqualTo(theirs.getNodeType());
        if (theirs.isNumber()) {
            assertThat(ours.numberType()).isEqualTo(theirs.numberType());
        }
    }

    @Test
    void keepsTheLastValueOfARepeatedNameAndTheOrderOfNames() throws IOException {
        JsonNode n = parse("{\"b\":1,\"a\":2,\"b\":3}");
        assertThat(n.get("b").asInt()).isEqualTo(3);
        assertThat(n.fieldNames()).toIterable().containsExactly("b", "a");
    }

    @Test
    void typesNumbersAsJacksonDoes() throws IOException {
        assertThat(parse("7").getNodeType()).isEqualTo(JsonNodeType.NUMBER);
        assertThat(parse("7").isInt()).isTrue();
        assertThat(parse("4294967296").isLong()).isTrue();
        assertThat(parse("-9223372036854775809").bigIntegerValue()).isEqualTo(new BigInteger("-9223372036854775809"));
        assertThat(parse("1.0").isIntegralNumber()).isFalse();
        assertThat(parse("1e2").isDouble()).isTrue();
    }

    @Test
    void skipsAUtf8ByteOrderMark() throws IOException {
        byte[] withBom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'};
        assertThat(JsonTree.parse(withBom).isObject()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "[", "[1,]", "{\"a\":1,}", "{,}", "[,1]", "{\"a\" 1}", "{a:1}", "{'a':1}",
            "01", "-", "1.", ".5", "1e", "1e+", "+1", "NaN", "Infinity", "tru", "nul", "\"open", "\"bad \\x escape\"",
            "\"bad \\u12g4\"", "\"short \\u12\"", "\"tab\there\"", "{} {}", "[1] 2", "/* c */ {}", "{\"a\":1} // c",
            "[1 2]", "\"\\uＡＡＡＡ\""})
    void refusesWhatIsNotStrictJson(String json) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(JsonTree.MalformedJsonException.class)
                .hasMessageContaining("at character");
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        byte[] latin1 = "\"caf\u00e9\"".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> JsonTree.parse(latin1)).isInstanceOf(JsonTree.MalformedJsonException.class)
                .hasMessage("the bytes are not valid UTF-8");
    }

    @Test
    void refusesNestingBeyondTheLimitAndOverlongNumbers() throws IOException {
        String deepest = "[".repeat(JsonTree.MAX_DEPTH) + "]".repeat(JsonTree.MAX_DEPTH);
        assertThat(parse(deepest).isArray()).isTrue();
        String tooDeep = "[".repeat(JsonTree.MAX_DEPTH + 1) + "]".repeat(JsonTree.MAX_DEPTH + 1);
        assertThatThrownBy(() -> parse(tooDeep)).hasMessageStartingWith("the JSON nests more than " + JsonTree.MAX_DEPTH);
        String hostile = "{\"a\":".repeat(100_000);
        assertThatThrownBy(() -> parse(hostile)).hasMessageStartingWith("the JSON nests more than");
        assertThatThrownBy(() -> parse("1".repeat(JsonTree.MAX_NUMBER_LENGTH + 1)))
                .hasMessageStartingWith("a number is longer than");
    }

    @Test
    void namesWhereTheTextGoesWrong() {
        assertThatThrownBy(() -> parse("{\"a\":1,}")).hasMessage("a field name in double quotes is missing at character 8");
        assertThatThrownBy(() -> parse("[1 2]")).hasMessage("',' or ']' is missing in an array at character 4");
        assertThatThrownBy(() -> parse("\"\u0001\"")).hasMessage("a string holds an unescaped control character at"
                + " character 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "{\"a\":[1,-2,3.5,1.0E-7,12345678901,123456789012345678901234567890,true,false,null]}",
            "{\"s\":\"quote \\\" backslash \\\\ slash / tab \\t nl \\n cr \\r bs \\b ff \\f nul \\u0000 us \\u001f"
                    + " del \\u007f é 😀 \\u2028\"}",
            "{\"nested\":{\"deeper\":[[{}],{\"k\":\"v\"}]},\"z\":0,\"a\":\"\"}"})
    void writesWhatJacksonWrites(String json) throws IOException {
        JsonNode tree = parse(json);
        assertThat(new String(JsonTree.bytes(tree), UTF_8)).isEqualTo(new String(Json.MAPPER.writeValueAsBytes(tree), UTF_8));
        assertThat(parse(new String(JsonTree.bytes(tree), UTF_8))).isEqualTo(tree);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "{\"a\":1}", "[1,\"x\",null]", "{\"o\":{},\"a\":[],\"n\":{\"deep\":[{\"x\":[1,[2,{}]]},"
            + "true]},\"s\":\"tab\\there é\"}"})
    void printsAsJacksonsPrettyPrinterDoes(String json) throws IOException {
        JsonNode tree = parse(json);
        var printer = new com.fasterxml.jackson.core.util.DefaultPrettyPrinter(
                com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER))
                .withObjectIndenter(new com.fasterxml.jackson.core.util.DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new com.fasterxml.jackson.core.util.DefaultIndenter("  ", "\n"));
        assertThat(JsonTree.pretty(tree)).isEqualTo(Json.MAPPER.writer(printer).writeValueAsString(tree));
    }

    @Test
    void writesDescriptorsInTheSpecsOrder() throws IOException {
        Descriptor d = new Descriptor(MediaType.OCI_MANIFEST, Digest.parse("sha256:" + "b".repeat(64)), 7,
                java.util.List.of("https://example.com/x"), java.util.Map.of("z", "1", "a", "2"),
                java.util.Optional.of(Platform.of("linux", "arm64", "v8")), java.util.Optional.of("application/x"),
                java.util.Optional.of(new byte[] {1, 2}));
        String json = new String(JsonTree.bytes(JsonTree.toJson(d)), UTF_8);
        assertThat(json).isEqualTo("{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"sha256:" + "b".repeat(64)
                + "\",\"size\":7,\"urls\":[\"https://example.com/x\"],\"annotations\":{\"a\":\"2\",\"z\":\"1\"},"
                + "\"data\":\"AQI=\",\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"},"
                + "\"artifactType\":\"application/x\"}");
        assertThat(JsonTree.descriptor(parse(json))).isEqualTo(d);
        assertThat(Json.toJson(d)).isEqualTo(JsonTree.toJson(d));
    }

    @Test
    void readsDescriptorsAndPlatforms() throws IOException {
        JsonNode n = parse("{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"sha256:" + "a".repeat(64)
                + "\",\"size\":42,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"},"
                + "\"annotations\":{\"k\":\"v\"},\"data\":\"aGk=\"}");
        Descriptor d = JsonTree.descriptor(n);
        assertThat(d.size()).isEqualTo(42);
        assertThat(d.platform()).contains(Platform.of("linux", "arm64", "v8"));
        assertThat(d.annotations()).containsEntry("k", "v");
        assertThat(d.data()).hasValueSatisfying(b -> assertThat(b).isEqualTo("hi".getBytes(UTF_8)));
        assertThat(Json.descriptor(n).digest()).isEqualTo(d.digest());
        assertThatThrownBy(() -> JsonTree.descriptor(parse("{\"mediaType\":\"x\",\"digest\":\"sha256:" + "a".repeat(64)
                + "\",\"size\":1.5}"))).hasMessageContaining("has no valid size");
    }
}
