package io.whittle.platform.job;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Checks that a text is exactly one JSON document, streaming through it without building it in memory. */
final class JsonText {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonText() {
    }

    static boolean isDocument(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
