package dev.blackbox.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;

/** A frame ready to write: its JSON (for the simulator's own bookkeeping) and the exact text sent. */
public record Frame(JsonNode node, String text) {

    public static Frame of(JsonNode node) {
        return new Frame(node, FrameJson.write(node));
    }
}
