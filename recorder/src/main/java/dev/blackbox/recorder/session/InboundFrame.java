package dev.blackbox.recorder.session;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * What routing needs to know about a received frame (PROTOCOL.md 3.3, 4.2). A frame that is not a
 * JSON object with a string {@code type} is malformed: journaled like any other, flagged, not routed.
 */
record InboundFrame(String type, JsonObject json, String malformedReason) {

    static InboundFrame parse(Buffer data) {
        Object value;
        try {
            value = io.vertx.core.json.Json.decodeValue(data);
        } catch (DecodeException e) {
            return malformed("not JSON");
        }
        if (!(value instanceof JsonObject json)) {
            return malformed("not a JSON object");
        }
        if (!(json.getValue("type") instanceof String type)) {
            return malformed("no string 'type' field");
        }
        return new InboundFrame(type, json, null);
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
