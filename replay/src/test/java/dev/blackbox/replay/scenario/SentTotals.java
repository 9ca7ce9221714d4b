package dev.blackbox.replay.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a scenario reported, summed straight from the frames the simulator wrote: the cost and usage of
 * each distinct {@code result} (by uuid; replays carry the same uuid) and the usage of each distinct
 * assistant message (by {@code message.id}). Computed independently of the replay module's scanner.
 */
record SentTotals(BigDecimal costUsd, Tokens results, Tokens assistant, int resultCount, int assistantMessages) {

    record Tokens(long input, long output, long cacheCreation, long cacheRead) {
        Tokens plus(JsonNode usage) {
            if (usage == null || !usage.isObject()) {
                return this;
            }
            return new Tokens(input + usage.path("input_tokens").asLong(), output + usage.path("output_tokens").asLong(),
                    cacheCreation + usage.path("cache_creation_input_tokens").asLong(),
                    cacheRead + usage.path("cache_read_input_tokens").asLong());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Tokens NONE = new Tokens(0, 0, 0, 0);

    static SentTotals of(List<String> sentTexts) {
        BigDecimal cost = BigDecimal.ZERO;
        Tokens results = NONE;
        Tokens assistant = NONE;
        int resultCount = 0;
        int messages = 0;
        Set<String> uuids = new HashSet<>();
        Set<String> messageIds = new HashSet<>();
        for (String text : sentTexts) {
            JsonNode frame = parseObject(text);
            if (frame == null || (frame.hasNonNull("uuid") && !uuids.add(frame.get("uuid").asText()))) {
                continue; // not a JSON object (the malformed scenario), or a replay of a frame already counted
            }
            String type = frame.path("type").asText("");
            if (type.equals("result")) {
                resultCount++;
                cost = cost.add(frame.path("total_cost_usd").decimalValue());
                results = results.plus(frame.get("usage"));
            } else if (type.equals("assistant") && frame.path("message").isObject()) {
                JsonNode message = frame.get("message");
                if (!message.hasNonNull("id") || messageIds.add(message.get("id").asText())) {
                    messages++;
                    assistant = assistant.plus(message.get("usage"));
                }
            }
        }
        return new SentTotals(cost, results, assistant, resultCount, messages);
    }

    private static JsonNode parseObject(String text) {
        if (!text.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node.isObject() ? node : null;
        } catch (java.io.IOException notJson) {
            return null;
        }
    }
}
