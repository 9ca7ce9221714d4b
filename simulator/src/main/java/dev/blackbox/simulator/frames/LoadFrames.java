package dev.blackbox.simulator.frames;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.simulator.scenario.Frame;
import dev.blackbox.simulator.scenario.FrameJson;
import dev.blackbox.simulator.scenario.TemplateScope;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.function.Consumer;

/**
 * Realistic frames of chosen sizes for bursts and load runs: the same field sets as the real
 * worker's frames (see {@code shared/samples/}), with their text padded to a target size. Sizes
 * and kinds come from a seeded random, so a run is repeatable; ids are always fresh, so readers
 * that count by {@code uuid} never merge two frames.
 */
public final class LoadFrames {

    /** Frame kinds and their typical sizes in bytes. */
    public enum Kind {
        STREAM_EVENT("stream_event", 200, 700),
        ASSISTANT("assistant", 600, 8_000),
        TOOL_USE("tool_use", 400, 2_000),
        TOOL_RESULT("tool_result", 1_500, 20_000),
        TOOL_PROGRESS("tool_progress", 200, 300),
        TASK_PROGRESS("task_progress", 300, 1_200);

        final String spelling;
        final int typicalMin;
        final int typicalMax;

        Kind(String spelling, int typicalMin, int typicalMax) {
            this.spelling = spelling;
            this.typicalMin = typicalMin;
            this.typicalMax = typicalMax;
        }

        static Kind named(String name) {
            for (Kind k : values()) {
                if (k.spelling.equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown frame kind \"" + name + "\" in mix (known: "
                    + Arrays.stream(values()).map(k -> k.spelling).collect(Collectors.joining(", ")) + ")");
        }
    }

    private static final String CORPUS = buildCorpus();

    private final String sessionId;
    private final String model;
    private final FrameMix mix;
    private final int minBytes;
    private final int maxBytes;
    private final SplittableRandom random;
    private final String messageId = "msg_" + TemplateScope.randomId();

    public LoadFrames(String sessionId, String model, FrameMix mix, int minBytes, int maxBytes, long seed) {
        this.sessionId = sessionId;
        this.model = model;
        this.mix = mix;
        this.minBytes = minBytes;
        this.maxBytes = maxBytes;
        this.random = new SplittableRandom(seed);
    }

    /** The next frame of the mix. */
    public Frame next() {
        Kind kind = mix.pick(random);
        int lo = Math.max(minBytes, Math.min(kind.typicalMin, maxBytes));
        int hi = Math.min(maxBytes, Math.max(kind.typicalMax, minBytes));
        int target = lo >= hi ? lo : lo + random.nextInt(hi - lo + 1);
        return switch (kind) {
            case STREAM_EVENT -> padded(streamDelta(), target, 1);
            case ASSISTANT -> padded(assistantText(), target, 1);
            case TOOL_USE -> padded(toolUse(), target, 1);
            case TOOL_RESULT -> padded(toolResult(), target, 2);
            case TOOL_PROGRESS -> Frame.of(toolProgress());
            case TASK_PROGRESS -> padded(taskProgress(), target, 1);
        };
    }

    /** A frame whose padded text fields are filled so that the whole frame is about {@code target} bytes. */
    private Frame padded(Padded frame, int target, int copies) {
        int base = FrameJson.write(frame.node).length();
        int room = Math.max(8, (target - base) / copies);
        frame.fill(slice(random, room));
        return Frame.of(frame.node);
    }

    static String slice(SplittableRandom random, int length) {
        int start = random.nextInt(CORPUS.length() - 1);
        StringBuilder sb = new StringBuilder(length);
        while (sb.length() < length) {
            int take = Math.min(length - sb.length(), CORPUS.length() - start);
            sb.append(CORPUS, start, start + take);
            start = 0;
        }
        return sb.toString();
    }

    /** A frame plus the setter that fills its padded text. */
    private record Padded(ObjectNode node, Consumer<String> filler) {
        void fill(String text) {
            filler.accept(text);
        }
    }

    private ObjectNode envelope(String type) {
        ObjectNode f = FrameJson.object();
        f.put("type", type);
        return f;
    }

    private void common(ObjectNode f) {
        f.putNull("parent_tool_use_id");
        f.put("session_id", sessionId);
        f.put("uuid", UUID.randomUUID().toString());
    }

    private Padded streamDelta() {
        ObjectNode f = envelope("stream_event");
        ObjectNode event = f.putObject("event");
        event.put("type", "content_block_delta");
        event.put("index", 0);
        ObjectNode delta = event.putObject("delta");
        delta.put("type", "text_delta");
        delta.put("text", "");
        common(f);
        return new Padded(f, t -> delta.put("text", t));
    }

    private ObjectNode assistantMessage(ObjectNode f) {
        ObjectNode m = f.putObject("message");
        m.put("id", messageId);
        m.put("type", "message");
        m.put("role", "assistant");
        m.put("model", model);
        return m;
    }

    private void assistantTail(ObjectNode f, ObjectNode message) {
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        ObjectNode usage = message.putObject("usage");
        usage.put("input_tokens", 1200 + random.nextInt(4000));
        usage.put("output_tokens", 1 + random.nextInt(600));
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", random.nextInt(30_000));
        message.putNull("context_management");
        common(f);
        f.put("timestamp", TemplateScope.now());
        f.put("request_id", "req_" + TemplateScope.randomId());
    }

    private Padded assistantText() {
        ObjectNode f = envelope("assistant");
        ObjectNode m = assistantMessage(f);
        ObjectNode block = m.putArray("content").addObject();
        block.put("type", "text");
        block.put("text", "");
        assistantTail(f, m);
        return new Padded(f, t -> block.put("text", t));
    }

    private Padded toolUse() {
        ObjectNode f = envelope("assistant");
        ObjectNode m = assistantMessage(f);
        ObjectNode block = m.putArray("content").addObject();
        block.put("type", "tool_use");
        block.put("id", "toolu_" + TemplateScope.randomId());
        block.put("name", "Bash");
        ObjectNode input = block.putObject("input");
        input.put("command", "grep -rn \"parseFrame\" src/main/java");
        input.put("description", "");
        assistantTail(f, m);
        return new Padded(f, t -> input.put("description", t));
    }

    private Padded toolResult() {
        String toolUseId = "toolu_" + TemplateScope.randomId();
        ObjectNode f = envelope("user");
        ObjectNode message = f.putObject("message");
        message.put("role", "user");
        ObjectNode block = message.putArray("content").addObject();
        block.put("tool_use_id", toolUseId);
        block.put("type", "tool_result");
        block.put("content", "");
        block.put("is_error", false);
        common(f);
        f.put("timestamp", TemplateScope.now());
        ObjectNode result = f.putObject("tool_use_result");
        result.put("stdout", "");
        result.put("stderr", "");
        result.put("interrupted", false);
        result.put("isImage", false);
        result.put("noOutputExpected", false);
        ArrayNode meta = f.putArray("tool_result_meta");
        ObjectNode decision = meta.addObject().put("id", toolUseId).putObject("permission_decision");
        decision.put("decision", "accept");
        decision.put("source", "config");
        return new Padded(f, t -> {
            block.put("content", t);
            result.put("stdout", t);
        });
    }

    private ObjectNode toolProgress() {
        ObjectNode f = envelope("tool_progress");
        f.put("tool_use_id", "toolu_" + TemplateScope.randomId());
        f.put("tool_name", "Bash");
        f.putNull("parent_tool_use_id");
        f.put("elapsed_time_seconds", 1 + random.nextInt(120));
        f.put("session_id", sessionId);
        f.put("uuid", UUID.randomUUID().toString());
        return f;
    }

    private Padded taskProgress() {
        ObjectNode f = envelope("system");
        f.put("subtype", "task_progress");
        f.put("task_id", "task_" + TemplateScope.randomId().substring(0, 8));
        f.put("description", "");
        ObjectNode usage = f.putObject("usage");
        usage.put("total_tokens", random.nextInt(90_000));
        usage.put("tool_uses", random.nextInt(40));
        usage.put("duration_ms", random.nextInt(600_000));
        f.put("last_tool_name", "Grep");
        f.put("session_id", sessionId);
        f.put("uuid", UUID.randomUUID().toString());
        return new Padded(f, t -> f.put("description", t));
    }

    /** Plain ASCII prose and code: needs no JSON escaping, so its length in a frame is exact. */
    private static String buildCorpus() {
        String[] lines = {
                "The parser now reads one frame at a time and keeps unknown fields as they are. ",
                "public final class FrameReader { private final Deque<String> pending = new ArrayDeque<>(); } ",
                "I ran the test suite again: 214 tests, 0 failures, 3 skipped because Docker is not available. ",
                "Next I will update the reconnect logic so that a 4001 close waits 2, 4 and then 6 seconds. ",
                "src/main/java/dev/acme/session/SessionSocket.java:118: if (code == 4003) { return Outcome.PERMANENT; } ",
                "Let me check how the history endpoint pages with before_id and after_id before changing it. ",
                "    at dev.acme.session.SessionSocket.onClose(SessionSocket.java:131) ",
                "Summary: the flaky test came from a timer that was never cancelled when the socket closed. ",
        };
        StringBuilder sb = new StringBuilder(1 << 16);
        SplittableRandom r = new SplittableRandom(7);
        while (sb.length() < (1 << 16)) {
            sb.append(lines[r.nextInt(lines.length)]);
        }
        return sb.toString();
    }
}
