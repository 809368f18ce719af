package io.whittle.xray.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.whittle.xray.finding.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/**
 * The JSON form of an {@link XrayReport} (docs/xray-json.md): fields in record order, an empty {@code Optional}
 * left out, severities in lower case, two-space indentation. {@link #read} takes back what {@link #write} wrote,
 * so that stored reports can be rendered again.
 */
public final class ReportJson {
    private ReportJson() {
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new SimpleModule("whittle-xray")
                    .addSerializer(Severity.class, new SeverityWriter())
                    .addDeserializer(Severity.class, new SeverityReader()))
            .serializationInclusion(JsonInclude.Include.NON_ABSENT)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            // Readers of a newer report skip the fields they do not know rather than refuse the whole report.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
            .build();

    /** Writes the report, followed by a newline. The stream is left open. */
    public static void write(XrayReport report, OutputStream out) throws IOException {
        MAPPER.writeValue(out, report);
        out.write('\n');
        out.flush();
    }

    public static byte[] bytes(XrayReport report) {
        try {
            return MAPPER.writeValueAsBytes(report);
        } catch (IOException e) {
            throw new IllegalStateException("an X-ray report could not be written as JSON: " + e.getMessage(), e);
        }
    }

    /** Reads a report {@link #write} wrote. */
    public static XrayReport read(InputStream in) throws IOException {
        try {
            return MAPPER.readValue(in, XrayReport.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("not an X-ray report (" + e.getOriginalMessage() + "): read only what"
                    + " 'whittle xray -o json' wrote", e);
        }
    }

    public static XrayReport read(byte[] json) throws IOException {
        return read(new java.io.ByteArrayInputStream(json));
    }

    private static final class SeverityWriter extends JsonSerializer<Severity> {
        @Override
        public void serialize(Severity value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.name().toLowerCase(Locale.ROOT));
        }
    }

    private static final class SeverityReader extends JsonDeserializer<Severity> {
        @Override
        public Severity deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            try {
                return Severity.valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw ctxt.weirdStringException(text, Severity.class, "not a severity");
            }
        }
    }
}
