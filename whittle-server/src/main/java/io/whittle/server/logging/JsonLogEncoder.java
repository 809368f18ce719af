package io.whittle.server.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.event.KeyValuePair;

/**
 * Writes each log event as one JSON object on one line: {@code ts}, {@code level}, {@code logger}, {@code thread},
 * {@code msg}, the MDC ({@code requestId}, {@code userId}, {@code orgId} during a request), the event's key-value
 * pairs, and {@code error} with the exception's class, message and stack. Every string passes through
 * {@link LogRedactor} on the way out, so no appender that uses this encoder writes a recognizable secret.
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] NOTHING = new byte[0];
    private static final int MAX_FRAMES = 40;

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", DateTimeFormatter.ISO_INSTANT.format(event.getInstant()));
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", LogRedactor.redact(event.getThreadName()));
            g.writeStringField("msg", LogRedactor.redact(event.getFormattedMessage()));
            Map<String, String> fields = new TreeMap<>(event.getMDCPropertyMap());
            if (event.getKeyValuePairs() != null) {
                for (KeyValuePair kv : event.getKeyValuePairs()) {
                    fields.put(kv.key, String.valueOf(kv.value));
                }
            }
            for (Map.Entry<String, String> f : fields.entrySet()) {
                if (!isReserved(f.getKey())) {
                    g.writeStringField(f.getKey(), field(f.getKey(), f.getValue()));
                }
            }
            IThrowableProxy error = event.getThrowableProxy();
            if (error != null) {
                g.writeObjectFieldStart("error");
                g.writeStringField("type", error.getClassName());
                g.writeStringField("message", LogRedactor.redact(String.valueOf(error.getMessage())));
                g.writeStringField("stack", LogRedactor.redact(stack(error)));
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** A field's value, masked as a whole when its name says it is a secret. */
    private static String field(String key, String value) {
        String prefix = key + "=";
        String masked = LogRedactor.redact(prefix + value);
        return masked.startsWith(prefix) ? masked.substring(prefix.length()) : LogRedactor.redact(value);
    }

    private static boolean isReserved(String key) {
        return switch (key) {
            case "ts", "level", "logger", "thread", "msg", "error" -> true;
            default -> false;
        };
    }

    /** The stack with causes, each cut to its first frames; what a reader needs to find the failing line. */
    private static String stack(IThrowableProxy error) {
        StringBuilder sb = new StringBuilder();
        IThrowableProxy t = error;
        int depth = 0;
        while (t != null && depth < 8) {
            if (depth > 0) {
                sb.append("Caused by: ");
            }
            sb.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            StackTraceElementProxy[] frames = t.getStackTraceElementProxyArray();
            int n = Math.min(frames.length, MAX_FRAMES);
            for (int i = 0; i < n; i++) {
                sb.append("\tat ").append(frames[i].getStackTraceElement()).append('\n');
            }
            if (frames.length > n) {
                sb.append("\t... ").append(frames.length - n).append(" more\n");
            }
            t = t.getCause();
            depth++;
        }
        return sb.toString();
    }
}
