package io.whittle.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.JsonTree;
import java.io.PrintWriter;

/**
 * Prints {@code -o json} documents: two-space indent, {@code "key": value}, one document per command. Written by
 * {@link JsonTree#pretty} (the bytes Jackson's pretty printer writes), so that printing needs no object mapper,
 * whose construction costs a short command tens of milliseconds.
 */
public final class JsonOutput {
    private JsonOutput() {
    }

    public static void print(PrintWriter out, JsonNode node) {
        out.println(JsonTree.pretty(node));
        out.flush();
    }
}
