package dev.blackbox.replay.state;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.frame.JsonScan;

/** Token counts summed from API usage objects ({@code input_tokens}, {@code output_tokens}, cache reads and writes). */
public final class Usage {

    long inputTokens;
    long outputTokens;
    long cacheCreationInputTokens;
    long cacheReadInputTokens;

    void add(JsonScan usage) {
        inputTokens += usage.integer("input_tokens", 0);
        outputTokens += usage.integer("output_tokens", 0);
        cacheCreationInputTokens += usage.integer("cache_creation_input_tokens", 0);
        cacheReadInputTokens += usage.integer("cache_read_input_tokens", 0);
    }

    public long inputTokens() {
        return inputTokens;
    }

    public long outputTokens() {
        return outputTokens;
    }

    public long cacheCreationInputTokens() {
        return cacheCreationInputTokens;
    }

    public long cacheReadInputTokens() {
        return cacheReadInputTokens;
    }

    ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("inputTokens", inputTokens);
        o.put("outputTokens", outputTokens);
        o.put("cacheCreationInputTokens", cacheCreationInputTokens);
        o.put("cacheReadInputTokens", cacheReadInputTokens);
        return o;
    }
}
