package dev.blackbox.recorder.session;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.Set;

/**
 * What routing needs to know about a received frame (PROTOCOL.md 3.3, 4.2). A frame that is not a
 * JSON object with a string {@code type} is malformed: journaled like any other, flagged, not routed.
 *
 * <p>On the hot path: every frame is checked with Jackson's streaming parser (no tree), and only the
 * few types the recorder acts on are parsed into a {@link JsonObject}; assistant, stream_event and
 * result frames, the bulk of a session, are never materialised.
 */
record InboundFrame(String type, JsonObject json, String malformedReason) {

    /** The types {@link SessionRecorderVerticle} routes on their content. */
    static final Set<String> ROUTED = Set.of("control_request", "control_cancel_request", "user", "system");

    private static final JsonFactory JSON = new JsonFactory();

    static InboundFrame parse(byte[] bytes) {
        String type;
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return malformed("not a JSON object");
            }
            type = topLevelType(p);
            if (p.nextToken() != null) {
                return malformed("not JSON");
            }
        } catch (IOException e) {
            return malformed("not JSON");
        }
        if (type == null) {
            return malformed("no string 'type' field");
        }
        return new InboundFrame(type, ROUTED.contains(type) ? new JsonObject(Buffer.buffer(bytes)) : null, null);
    }

    /** Reads the object the parser is in to its end; returns its own (not nested) string "type", if any. */
    private static String topLevelType(JsonParser p) throws IOException {
        String type = null;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
            if (t == null) {
                throw new IOException("truncated");
            }
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_STRING && "type".equals(field)) {
                type = p.getText();
            } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                p.skipChildren();
            }
        }
        return type;
    }

    private static InboundFrame malformed(String reason) {
        return new InboundFrame(null, null, reason);
    }

    boolean isMalformed() {
        return malformedReason != null;
    }

    String subtype() {
        return json.getString("subtype");
    }
}
