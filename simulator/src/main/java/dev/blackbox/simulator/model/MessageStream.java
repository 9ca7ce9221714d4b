package dev.blackbox.simulator.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.simulator.scenario.FrameJson;

import java.util.ArrayList;
import java.util.List;

/**
 * The Anthropic streaming events of one scripted answer, in the API's order: {@code message_start},
 * {@code ping}, per content block {@code content_block_start} / {@code content_block_delta}
 * ({@code text_delta} or, for a tool call, {@code input_json_delta} with the input as partial JSON)
 * / {@code content_block_stop}, then {@code message_delta} (stop_reason, usage) and {@code message_stop}.
 */
public final class MessageStream {

    static final int INPUT_TOKENS = 10;

    private MessageStream() {
    }

    public static List<SseEvent> text(String messageId, String model, String text) {
        List<SseEvent> events = opening(messageId, model);
        events.add(blockStart(0, FrameJson.object().put("type", "text").put("text", "")));
        events.add(textDelta(0, text));
        events.add(blockStop(0));
        events.addAll(closing("end_turn", 5));
        return events;
    }

    public static List<SseEvent> toolUse(String messageId, String model, String toolUseId, String name, ObjectNode input) {
        List<SseEvent> events = opening(messageId, model);
        events.add(blockStart(0, FrameJson.object().put("type", "tool_use").put("id", toolUseId).put("name", name)
                .set("input", FrameJson.object())));
        ObjectNode delta = FrameJson.object().put("type", "input_json_delta").put("partial_json", FrameJson.write(input));
        events.add(SseEvent.of(FrameJson.object().put("type", "content_block_delta").put("index", 0).set("delta", delta)));
        events.add(blockStop(0));
        events.addAll(closing("tool_use", 20));
        return events;
    }

    /** The opening of a text answer whose words follow one {@link #textDelta} at a time. */
    public static List<SseEvent> textOpening(String messageId, String model) {
        List<SseEvent> events = opening(messageId, model);
        events.add(blockStart(0, FrameJson.object().put("type", "text").put("text", "")));
        return events;
    }

    public static SseEvent textDelta(int index, String text) {
        ObjectNode delta = FrameJson.object().put("type", "text_delta").put("text", text);
        return SseEvent.of(FrameJson.object().put("type", "content_block_delta").put("index", index).set("delta", delta));
    }

    public static List<SseEvent> textClosing(int outputTokens) {
        List<SseEvent> events = new ArrayList<>();
        events.add(blockStop(0));
        events.addAll(closing("end_turn", outputTokens));
        return events;
    }

    private static List<SseEvent> opening(String messageId, String model) {
        ObjectNode usage = FrameJson.object().put("input_tokens", INPUT_TOKENS).put("output_tokens", 1)
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
        ObjectNode message = FrameJson.object().put("id", messageId).put("type", "message").put("role", "assistant")
                .put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", usage);
        List<SseEvent> events = new ArrayList<>();
        events.add(SseEvent.of(FrameJson.object().put("type", "message_start").set("message", message)));
        events.add(SseEvent.of(FrameJson.object().put("type", "ping")));
        return events;
    }

    private static SseEvent blockStart(int index, ObjectNode block) {
        return SseEvent.of(FrameJson.object().put("type", "content_block_start").put("index", index).set("content_block", block));
    }

    private static SseEvent blockStop(int index) {
        return SseEvent.of(FrameJson.object().put("type", "content_block_stop").put("index", index));
    }

    private static List<SseEvent> closing(String stopReason, int outputTokens) {
        ObjectNode delta = FrameJson.object().put("stop_reason", stopReason);
        delta.putNull("stop_sequence");
        ObjectNode messageDelta = FrameJson.object().put("type", "message_delta");
        messageDelta.set("delta", delta);
        messageDelta.set("usage", FrameJson.object().put("output_tokens", outputTokens));
        return List.of(SseEvent.of(messageDelta), SseEvent.of(FrameJson.object().put("type", "message_stop")));
    }
}
