package dev.blackbox.simulator.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.simulator.scenario.FrameJson;

/** One server-sent event of the Messages API stream: {@code event: NAME}, {@code data: JSON}, a blank line. */
public record SseEvent(String name, ObjectNode data) {

    public static SseEvent of(ObjectNode data) {
        return new SseEvent(data.path("type").asText(), data);
    }

    public String wire() {
        return "event: " + name + "\ndata: " + FrameJson.write(data) + "\n\n";
    }
}
