package dev.blackbox.simulator.frames;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.simulator.scenario.Frame;
import dev.blackbox.simulator.scenario.FrameJson;
import dev.blackbox.simulator.scenario.TemplateScope;

import java.util.SplittableRandom;
import java.util.UUID;
import java.nio.charset.StandardCharsets;

/** A valid assistant frame of exactly N bytes: one text block padded with plain ASCII. */
public final class HugeFrame {

    private HugeFrame() {
    }

    public static Frame assistant(String sessionId, String model, int bytes) {
        ObjectNode f = FrameJson.object();
        f.put("type", "assistant");
        ObjectNode m = f.putObject("message");
        m.put("id", "msg_" + TemplateScope.randomId());
        m.put("type", "message");
        m.put("role", "assistant");
        m.put("model", model);
        ObjectNode block = m.putArray("content").addObject();
        block.put("type", "text");
        block.put("text", "");
        m.put("stop_reason", "end_turn");
        m.putNull("stop_sequence");
        ObjectNode usage = m.putObject("usage");
        usage.put("input_tokens", 4200);
        usage.put("output_tokens", bytes / 4);
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", 0);
        m.putNull("context_management");
        f.putNull("parent_tool_use_id");
        f.put("session_id", sessionId);
        f.put("uuid", UUID.randomUUID().toString());
        f.put("timestamp", TemplateScope.now());
        int base = FrameJson.write(f).getBytes(StandardCharsets.UTF_8).length;
        if (bytes < base) {
            throw new IllegalArgumentException("a huge frame needs at least " + base + " bytes, asked for " + bytes);
        }
        block.put("text", LoadFrames.slice(new SplittableRandom(bytes), bytes - base));
        return Frame.of(f);
    }
}
