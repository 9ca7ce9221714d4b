package dev.blackbox.simulator.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blackbox.simulator.scenario.FrameJson;

/**
 * What the simulated worker is in the middle of, read from the frames it writes: the model, the
 * message being streamed and its text so far, when the turn began. An interrupt needs these to
 * end the turn the way a real worker does.
 */
final class TurnTracker {

    private String model = "claude-opus-5-5";
    private String messageId;
    private final StringBuilder streamed = new StringBuilder();
    private long turnStartedNanos = System.nanoTime();
    private boolean inTurn;
    private long inputTokens = 42;

    void observeSent(JsonNode frame) {
        String type = FrameJson.typeOf(frame);
        if (type == null) {
            return;
        }
        if (!inTurn && !"keep_alive".equals(type) && !"control_response".equals(type)) {
            turnStarted();
        }
        switch (type) {
            case "system" -> {
                if ("init".equals(FrameJson.text(frame, "subtype")) && FrameJson.text(frame, "model") != null) {
                    model = FrameJson.text(frame, "model");
                }
            }
            case "stream_event" -> observeStreamEvent(frame.get("event"));
            case "assistant" -> {
                JsonNode message = frame.get("message");
                if (FrameJson.text(message, "model") != null) {
                    model = FrameJson.text(message, "model");
                }
                messageId = FrameJson.text(message, "id");
                JsonNode usage = message == null ? null : message.get("usage");
                if (usage != null && usage.has("input_tokens")) {
                    inputTokens = usage.get("input_tokens").asLong();
                }
                streamed.setLength(0);
            }
            case "result" -> {
                inTurn = false;
                streamed.setLength(0);
            }
            default -> {
            }
        }
    }

    private void observeStreamEvent(JsonNode event) {
        String eventType = FrameJson.typeOf(event);
        if ("message_start".equals(eventType)) {
            messageId = FrameJson.text(event.get("message"), "id");
            streamed.setLength(0);
        } else if ("content_block_delta".equals(eventType)) {
            String text = FrameJson.text(event.get("delta"), "text");
            if (text != null) {
                streamed.append(text);
            }
        }
    }

    void turnStarted() {
        inTurn = true;
        turnStartedNanos = System.nanoTime();
    }

    String model() {
        return model;
    }

    String messageId() {
        return messageId;
    }

    String streamedText() {
        return streamed.toString();
    }

    long inputTokens() {
        return inputTokens;
    }

    long turnMillis() {
        return (System.nanoTime() - turnStartedNanos) / 1_000_000;
    }
}
