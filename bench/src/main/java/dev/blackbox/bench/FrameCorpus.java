package dev.blackbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.journal.EntryKind;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The frames the journal benchmark appends: realistic session frames between 200 B and 20 KB.
 *
 * <p>It holds, verbatim (re-serialised compactly), every frame of the two real captured sessions
 * ({@code shared/samples}) and the PROTOCOL.md section 8.1 examples that fall in that size range,
 * then fills up with assistant, tool-result, tool-use and stream-event frames shaped like the real
 * ones whose text is padded with realistic prose, shell output and code to sizes drawn from
 * {@link #SIZE_BUCKETS}. Seeded, so every run appends the same bytes in the same order.
 */
final class FrameCorpus {

    static final int MIN_BYTES = 200;
    static final int MAX_BYTES = 20_000;

    /** Share of generated frames per size range (log-uniform inside a range): most frames of a session are small. */
    static final List<SizeBucket> SIZE_BUCKETS = List.of(
            new SizeBucket(200, 600, 0.45),      // stream deltas, tool progress, short replies, control frames
            new SizeBucket(600, 2_000, 0.30),    // assistant turns, tool_use, can_use_tool, result
            new SizeBucket(2_000, 8_000, 0.17),  // system/init, command output, longer answers
            new SizeBucket(8_000, 20_000, 0.08)); // initialize response, file reads, diffs

    /** The real worker captures (shared/samples/), shipped in the simulator jar. */
    private static final List<String> SAMPLE_FILES = List.of(
            "/samples/real-worker-allow.jsonl", "/samples/real-worker-interrupt-while-pending.jsonl");
    private static final String PROTOCOL_EXAMPLES = "/dev/blackbox/bench/frames/protocol-8.1-examples.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    record Frame(EntryKind kind, byte[] bytes) {
    }

    record SizeBucket(int fromBytes, int toBytes, double share) {
        String label() {
            return human(fromBytes) + "-" + human(toBytes);
        }
    }

    private final List<Frame> frames;
    private final int verbatimCount;

    private FrameCorpus(List<Frame> frames, int verbatimCount) {
        this.frames = List.copyOf(frames);
        this.verbatimCount = verbatimCount;
    }

    /** A corpus of {@code size} frames in a shuffled order; the same seed gives the same bytes. */
    static FrameCorpus build(int size, long seed) {
        Random random = new Random(seed);
        List<Frame> verbatim = new ArrayList<>();
        for (String file : SAMPLE_FILES) {
            for (JsonNode line : readJsonLines(file)) {
                EntryKind kind = "out".equals(line.path("dir").asText()) ? EntryKind.FRAME_RECEIVED : EntryKind.FRAME_SENT;
                addIfInRange(verbatim, kind, compact(line.get("frame")));
            }
        }
        for (JsonNode frame : readJsonLines(PROTOCOL_EXAMPLES)) {
            addIfInRange(verbatim, EntryKind.FRAME_RECEIVED, compact(frame));
        }
        if (size < verbatim.size()) {
            throw new IllegalArgumentException("corpus size must be at least " + verbatim.size() + " (the real frames)");
        }
        List<Frame> all = new ArrayList<>(verbatim);
        FrameFactory factory = new FrameFactory(random);
        while (all.size() < size) {
            all.add(factory.frameOfSize(drawSize(random)));
        }
        Collections.shuffle(all, random);
        return new FrameCorpus(all, verbatim.size());
    }

    List<Frame> frames() {
        return frames;
    }

    Frame get(long i) {
        return frames.get((int) (i % frames.size()));
    }

    int size() {
        return frames.size();
    }

    /** Mean bytes per frame over one pass of the corpus (the append loop cycles through it). */
    double meanBytes() {
        return frames.stream().mapToInt(f -> f.bytes().length).average().orElse(0);
    }

    /** One line describing the sizes, for the report. */
    String describe() {
        int[] sizes = frames.stream().mapToInt(f -> f.bytes().length).sorted().toArray();
        StringBuilder buckets = new StringBuilder();
        for (int i = 0; i < SIZE_BUCKETS.size(); i++) {
            int bucket = i;
            long n = Arrays.stream(sizes).filter(s -> bucketOf(s) == bucket).count();
            buckets.append(String.format(" %s: %.0f%%;", SIZE_BUCKETS.get(i).label(), 100.0 * n / sizes.length));
        }
        return String.format("%d distinct frames (%d real, %d generated), %d B - %d B, mean %.0f B, median %d B, p90 %d B;%s",
                sizes.length, verbatimCount, sizes.length - verbatimCount, sizes[0], sizes[sizes.length - 1], meanBytes(),
                sizes[sizes.length / 2], sizes[(int) (sizes.length * 0.9)], buckets.deleteCharAt(buckets.length() - 1));
    }

    /** Index in {@link #SIZE_BUCKETS} of the range a frame of this size falls in (the ends go to the outer ranges). */
    static int bucketOf(int bytes) {
        for (int i = 0; i < SIZE_BUCKETS.size() - 1; i++) {
            if (bytes < SIZE_BUCKETS.get(i).toBytes()) {
                return i;
            }
        }
        return SIZE_BUCKETS.size() - 1;
    }

    static String human(int bytes) {
        return bytes >= 1000 ? (bytes / 1000) + " KB" : bytes + " B";
    }

    private static int drawSize(Random random) {
        double r = random.nextDouble();
        for (SizeBucket b : SIZE_BUCKETS) {
            if (r < b.share()) {
                double logFrom = Math.log(b.fromBytes());
                double logTo = Math.log(b.toBytes());
                return (int) Math.round(Math.exp(logFrom + random.nextDouble() * (logTo - logFrom)));
            }
            r -= b.share();
        }
        return MAX_BYTES;
    }

    private static void addIfInRange(List<Frame> frames, EntryKind kind, byte[] bytes) {
        if (bytes.length >= MIN_BYTES && bytes.length <= MAX_BYTES) {
            frames.add(new Frame(kind, bytes));
        }
    }

    private static byte[] compact(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> readJsonLines(String resource) {
        List<JsonNode> lines = new ArrayList<>();
        try (InputStream in = FrameCorpus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing bench resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** Builds frames shaped like the real ones, with their free text padded to an exact byte size. */
    private static final class FrameFactory {

        private static final String[] PROSE = {
                "I'll start by looking at how the journal is opened and where the appender is created.",
                "The test fails because the reconnect delay is read before the config is validated.",
                "Let me check the permission broker — it should refuse a decision that arrives twice.",
                "All 42 tests pass; the flaky one was waiting on a timer instead of the event bus.",
                "Here is the plan: (1) read the failing test, (2) fix the parser, (3) re-run the suite.",
                "The frame is written to the journal before it is routed, so a crash cannot lose it.",
                "I changed `SessionConnection` to back off exponentially, capped at 30 s, with jitter.",
                "Résumé of the change: the cursor now remembers the last seq it applied, so replays are idempotent.",
        };
        private static final String[] SHELL = {
                "$ mvn -B -ntp -o -q -pl recorder test",
                "[INFO] Tests run: 17, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 3.412 s",
                "drwx------  2 dev dev   4096 Nov 24 06:59 journal",
                "-rw-------  1 dev dev 83886080 Nov 24 07:01 20261124F.cq4",
                "npm WARN deprecated inflight@1.0.6: This module is not supported, and leaks memory.",
                "  ✓ parses a control_request with subtype can_use_tool (4 ms)",
                "    at dev.blackbox.recorder.session.SessionConnection.onFrame(SessionConnection.java:118)",
                "error: cannot find symbol\n  symbol:   method await()\n  location: interface Future<Void>",
                "diff --git a/src/main/java/App.java b/src/main/java/App.java\n@@ -12,7 +12,9 @@ public final class App {",
        };
        private static final String[] CODE = {
                "public long append(EntryKind kind, byte[] payload) {",
                "    return append(kind, payload, 0, payload.length);",
                "}",
                "if (!\"Bearer \".regionMatches(true, 0, header, 0, 7)) { return reject(401); }",
                "\tfor (int i = 0; i < frames.size(); i++) { sink.accept(frames.get(i)); }",
                "const result = await fetch(`${base}/v1/sessions/${id}/events`, { method: 'POST' });",
                "    \"request_id\": \"44f5f389-367b-417e-928a-df749f68bef3\",",
                "def verify(path):  # recompute the chain\\n    prev = hashlib.sha256(b'blackbox:' + sid).digest()",
        };

        private final Random random;
        private final String sessionId;

        FrameFactory(Random random) {
            this.random = random;
            this.sessionId = uuid();
        }

        Frame frameOfSize(int targetBytes) {
            if (targetBytes < 600) {
                return random.nextBoolean()
                        ? pad(streamDelta(), targetBytes, EntryKind.FRAME_RECEIVED)
                        : pad(assistantText(), targetBytes, EntryKind.FRAME_RECEIVED);
            }
            return switch (random.nextInt(4)) {
                case 0 -> pad(assistantText(), targetBytes, EntryKind.FRAME_RECEIVED);
                case 1 -> pad(toolResult(), targetBytes, EntryKind.FRAME_RECEIVED);
                case 2 -> pad(toolUseWrite(), targetBytes, EntryKind.FRAME_RECEIVED);
                default -> pad(userTurn(), targetBytes, EntryKind.FRAME_SENT);
            };
        }

        /** A template frame and the object + field whose text is padded. */
        private record Template(ObjectNode frame, ObjectNode textHolder, String textField, String[] vocabulary) {
        }

        private Frame pad(Template t, int targetBytes, EntryKind kind) {
            StringBuilder text = new StringBuilder();
            t.textHolder().put(t.textField(), "");
            int overhead = compact(t.frame()).length;
            while (text.length() < targetBytes - overhead) {
                text.append(t.vocabulary()[random.nextInt(t.vocabulary().length)]).append('\n');
            }
            // trim until it fits: escapes and multi-byte characters make chars and bytes differ
            while (true) {
                t.textHolder().put(t.textField(), text.toString());
                byte[] bytes = compact(t.frame());
                int excess = bytes.length - targetBytes;
                if (excess <= 0 || text.length() == 0) {
                    return new Frame(kind, bytes);
                }
                text.setLength(Math.max(0, text.length() - Math.max(1, excess / 2)));
            }
        }

        private Template streamDelta() {
            ObjectNode frame = JSON.createObjectNode().put("type", "stream_event").put("uuid", uuid())
                    .put("session_id", sessionId).putNull("parent_tool_use_id");
            ObjectNode delta = frame.putObject("event").put("type", "content_block_delta").put("index", 0)
                    .putObject("delta").put("type", "text_delta");
            return new Template(frame, delta, "text", PROSE);
        }

        private Template assistantText() {
            ObjectNode frame = JSON.createObjectNode().put("type", "assistant");
            ObjectNode message = assistantMessage(frame);
            ObjectNode text = message.putArray("content").addObject().put("type", "text");
            finishAssistant(frame, message);
            return new Template(frame, text, "text", PROSE);
        }

        private Template toolUseWrite() {
            ObjectNode frame = JSON.createObjectNode().put("type", "assistant");
            ObjectNode message = assistantMessage(frame);
            ObjectNode input = message.putArray("content").addObject().put("type", "tool_use")
                    .put("id", "toolu_" + hex(24)).put("name", "Write")
                    .putObject("input").put("file_path", "/home/dev/app/src/main/java/App.java");
            finishAssistant(frame, message);
            return new Template(frame, input, "content", CODE);
        }

        private Template toolResult() {
            String toolUseId = "toolu_" + hex(24);
            ObjectNode frame = JSON.createObjectNode().put("type", "user");
            ObjectNode result = frame.putObject("message").put("role", "user").putArray("content").addObject()
                    .put("tool_use_id", toolUseId).put("type", "tool_result");
            frame.putNull("parent_tool_use_id").put("session_id", sessionId).put("uuid", uuid())
                    .put("timestamp", "2026-11-24T06:59:58.556Z");
            frame.putObject("tool_use_result").put("stderr", "").put("interrupted", false).put("isImage", false);
            result.put("is_error", false);
            return new Template(frame, result, "content", SHELL);
        }

        private Template userTurn() {
            ObjectNode frame = JSON.createObjectNode().put("type", "user").put("session_id", "");
            ObjectNode text = frame.putObject("message").put("role", "user").putArray("content").addObject()
                    .put("type", "text");
            frame.putNull("parent_tool_use_id");
            return new Template(frame, text, "text", PROSE);
        }

        private ObjectNode assistantMessage(ObjectNode frame) {
            return frame.putObject("message").put("id", "msg_" + hex(16)).put("type", "message")
                    .put("role", "assistant").put("model", "claude-opus-5-5");
        }

        private void finishAssistant(ObjectNode frame, ObjectNode message) {
            message.putNull("stop_reason").putNull("stop_sequence");
            message.putObject("usage").put("input_tokens", 1200 + random.nextInt(50_000))
                    .put("output_tokens", 1 + random.nextInt(2_000)).put("cache_creation_input_tokens", 0)
                    .put("cache_read_input_tokens", random.nextInt(40_000));
            message.putNull("context_management");
            frame.putNull("parent_tool_use_id").put("session_id", sessionId).put("uuid", uuid())
                    .put("timestamp", "2026-11-24T06:59:58.225Z").put("request_id", "req_" + hex(12));
        }

        private String uuid() {
            return new UUID(random.nextLong(), random.nextLong()).toString();
        }

        private String hex(int digits) {
            StringBuilder s = new StringBuilder(digits);
            for (int i = 0; i < digits; i++) {
                s.append(Character.forDigit(random.nextInt(16), 16));
            }
            return s.toString();
        }
    }
}
