package dev.blackbox.recorder.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Vert.x JSON values as the Jackson nodes the journal's records hold. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static JsonNode node(Object value) {
        if (value == null) {
            return null;
        }
        Object plain = value instanceof JsonObject o ? o.getMap() : value instanceof JsonArray a ? a.getList() : value;
        return MAPPER.valueToTree(plain);
    }
}
