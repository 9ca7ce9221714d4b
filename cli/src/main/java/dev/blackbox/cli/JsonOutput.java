package dev.blackbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * {@code --json} for every listing command ({@code sessions}, {@code permissions list}, {@code state},
 * {@code access}...): the same rows as the table, as one JSON document (an array of objects; an empty
 * list is {@code []}), for scripts and {@code jq}. Mix it in and call {@link #print}.
 */
final class JsonOutput {

    @Option(names = "--json", description = "Print JSON instead of text: the same rows, as one JSON document.")
    boolean json;

    /** Prints a Jackson tree or a Vert.x JSON value, indented, and flushes. */
    static void print(PrintWriter out, Object value) {
        String text = value instanceof JsonNode node ? node.toPrettyString()
                : value instanceof JsonObject o ? o.encodePrettily()
                : value instanceof JsonArray a ? a.encodePrettily()
                : String.valueOf(value);
        out.println(text);
        out.flush();
    }
}
