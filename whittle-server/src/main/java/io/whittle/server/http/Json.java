package io.whittle.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.whittle.platform.secret.SecretValue;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The API's JSON conventions in one mapper: records as objects, {@link java.util.Optional} as the value or
 * {@code null}, {@link java.time.Instant} as an ISO-8601 string, enums by their lower-case, hyphenated name
 * ({@code read-only}, {@code owner}) in both directions, and {@link SecretValue} readable from a string but
 * written only as a mask. The OpenAPI schemas follow the same rules ({@link #wireName}).
 */
public final class Json {
    private static final ObjectMapper MAPPER = create();

    private Json() {
    }

    /** The shared mapper; configured once, safe to use from any thread. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** How an enum constant appears on the wire: {@code READ_ONLY} is {@code read-only}. */
    public static String wireName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static ObjectMapper create() {
        SimpleModule api = new SimpleModule("whittle-api") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.addDeserializers(new EnumDeserializers());
            }
        };
        api.addSerializer(new EnumSerializer());
        api.addSerializer(SecretValue.class, new SecretSerializer());
        api.addDeserializer(SecretValue.class, new SecretDeserializer());
        return new ObjectMapper()
                .registerModule(new Jdk8Module())
                .registerModule(new JavaTimeModule())
                .registerModule(api)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class EnumSerializer extends StdSerializer<Enum> {
        EnumSerializer() {
            super(Enum.class);
        }

        @Override
        public void serialize(Enum value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(wireName(value));
        }
    }

    private static final class EnumDeserializers extends Deserializers.Base {
        @Override
        public JsonDeserializer<?> findEnumDeserializer(Class<?> type, DeserializationConfig config,
                                                        BeanDescription beanDesc) {
            return new EnumDeserializer(type);
        }
    }

    private static final class EnumDeserializer extends StdScalarDeserializer<Object> {
        private final Class<?> type;

        EnumDeserializer(Class<?> type) {
            super(type);
            this.type = type;
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            if (text != null) {
                String wanted = text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
                for (Object c : type.getEnumConstants()) {
                    if (wireName((Enum<?>) c).equals(wanted)) {
                        return c;
                    }
                }
            }
            String allowed = Arrays.stream(type.getEnumConstants()).map(c -> wireName((Enum<?>) c))
                    .collect(Collectors.joining(", "));
            return ctxt.handleWeirdStringValue(type, String.valueOf(text), "use one of: " + allowed);
        }
    }

    private static final class SecretSerializer extends StdSerializer<SecretValue> {
        SecretSerializer() {
            super(SecretValue.class);
        }

        @Override
        public void serialize(SecretValue value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toString());
        }
    }

    private static final class SecretDeserializer extends StdScalarDeserializer<SecretValue> {
        SecretDeserializer() {
            super(SecretValue.class);
        }

        @Override
        public SecretValue deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.currentToken().isScalarValue()) {
                return (SecretValue) ctxt.handleUnexpectedToken(SecretValue.class, p);
            }
            return SecretValue.of(p.getValueAsString());
        }
    }
}
