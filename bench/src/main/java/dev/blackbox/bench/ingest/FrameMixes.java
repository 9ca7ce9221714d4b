package dev.blackbox.bench.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The three frame mixes of the ingest bench, built from the real worker's frames (the capture
 * {@code samples/real-worker-allow.jsonl} in the simulator jar): each frame is a sample frame with its
 * ids made fresh and its text replaced by text of a chosen length (prose, code and shell output, with
 * the quotes, backslashes, newlines and non-ASCII characters real output has). Seeded: the same bytes
 * every run. Key order is the worker's (the recorder's type scan sees what it would see live).
 */
public final class FrameMixes {

    /** A mix: its name on the command line and what it stands for. */
    public enum Mix {
        DELTAS("deltas", "stream_event text deltas, ~300 B"),
        TURN("turn", "a realistic turn: deltas, assistant text, tool_use, tool_result, result; ~420 B"),
        LARGE("large", "user tool_result frames with their tool output, ~16.7 KB");

        public final String spelling;
        public final String description;

        Mix(String spelling, String description) {
            this.spelling = spelling;
            this.description = description;
        }

        public static Mix named(String name) {
            for (Mix m : values()) {
                if (m.spelling.equals(name.toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown mix '" + name + "' (deltas, turn, large)");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SAMPLE = "/samples/real-worker-allow.jsonl";

    private final Map<String, ObjectNode> samples;
    private final SplittableRandom random;
    private final String sessionId;

    private FrameMixes(long seed) {
        this.samples = loadSamples();
        this.random = new SplittableRandom(seed);
        this.sessionId = samples.get("assistant-text").get("session_id").asText();
    }

    /** {@code count} distinct frames of the mix, in the order a session would send them. */
    public static List<byte[]> build(Mix mix, int count, long seed) {
        FrameMixes m = new FrameMixes(seed);
        List<byte[]> frames = new ArrayList<>(count);
        while (frames.size() < count) {
            switch (mix) {
                case DELTAS -> frames.add(m.delta());
                case TURN -> m.turn(frames);
                case LARGE -> frames.add(m.toolResult(7_050, 8_470));
            }
        }
        return frames.subList(0, count);
    }

    public static double meanBytes(List<byte[]> frames) {
        long sum = 0;
        for (byte[] f : frames) {
            sum += f.length;
        }
        return (double) sum / frames.size();
    }

    /**
     * One turn, shaped like a real one: the answer streams in as deltas, the full assistant message, a
     * tool call, its result, more deltas, the final message, and (every other turn) the result.
     */
    private void turn(List<byte[]> out) {
        int before = 8 + random.nextInt(10);
        for (int i = 0; i < before; i++) {
            out.add(delta());
        }
        out.add(assistantText(60, 480));
        out.add(toolUse());
        out.add(toolResult(20, 500));
        int after = 4 + random.nextInt(8);
        for (int i = 0; i < after; i++) {
            out.add(delta());
        }
        out.add(assistantText(60, 400));
        if (random.nextBoolean()) {
            out.add(result());
        }
    }

    /** PROTOCOL.md 8.1's stream_event (the capture has none: it was taken without partial messages). */
    private byte[] delta() {
        ObjectNode f = JSON.createObjectNode();
        f.put("type", "stream_event");
        f.put("uuid", uuid());
        f.put("session_id", sessionId);
        f.putNull("parent_tool_use_id");
        ObjectNode event = f.putObject("event");
        event.put("type", "content_block_delta");
        event.put("index", 0);
        ObjectNode delta = event.putObject("delta");
        delta.put("type", "text_delta");
        delta.put("text", Text.prose(random, 22 + random.nextInt(72)));
        return bytes(f);
    }

    private byte[] assistantText(int min, int max) {
        ObjectNode f = sample("assistant-text");
        ObjectNode block = (ObjectNode) f.get("message").get("content").get(0);
        block.put("text", Text.prose(random, min + random.nextInt(max - min)));
        f.put("uuid", uuid());
        return bytes(f);
    }

    private byte[] toolUse() {
        ObjectNode f = sample("assistant-tool_use");
        ObjectNode input = (ObjectNode) f.get("message").get("content").get(0).get("input");
        input.put("command", Text.command(random));
        input.put("description", Text.prose(random, 10 + random.nextInt(60)));
        f.put("uuid", uuid());
        return bytes(f);
    }

    /** The tool's output twice, as the worker sends it: in the message's tool_result and in tool_use_result.stdout. */
    private byte[] toolResult(int min, int max) {
        ObjectNode f = sample("user-tool_result");
        String output = Text.output(random, min + random.nextInt(max - min));
        ((ObjectNode) f.get("message").get("content").get(0)).put("content", output);
        ((ObjectNode) f.get("tool_use_result")).put("stdout", output);
        f.put("uuid", uuid());
        return bytes(f);
    }

    private byte[] result() {
        ObjectNode f = sample("result");
        f.put("result", Text.prose(random, 20 + random.nextInt(200)));
        f.put("uuid", uuid());
        return bytes(f);
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private ObjectNode sample(String kind) {
        return samples.get(kind).deepCopy();
    }

    private static byte[] bytes(ObjectNode frame) {
        try {
            return JSON.writeValueAsBytes(frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The frames the worker sent, by kind: assistant-text, assistant-tool_use, user-tool_result, result. */
    private static Map<String, ObjectNode> loadSamples() {
        Map<String, ObjectNode> byKind = new HashMap<>();
        try (InputStream in = FrameMixes.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new IllegalStateException(SAMPLE + " is not on the class path (it ships in the simulator jar)");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode entry = JSON.readTree(line);
                if (!"out".equals(entry.path("dir").asText()) || !(entry.get("frame") instanceof ObjectNode frame)) {
                    continue;
                }
                String type = frame.path("type").asText();
                String kind = switch (type) {
                    case "assistant" -> "assistant-" + frame.path("message").path("content").path(0).path("type").asText();
                    case "user" -> frame.path("message").path("content").path(0).path("type").asText().equals("tool_result")
                            ? "user-tool_result" : null;
                    case "result" -> "result";
                    default -> null;
                };
                if (kind != null) {
                    byKind.putIfAbsent(kind, frame);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SAMPLE, e);
        }
        for (String kind : List.of("assistant-text", "assistant-tool_use", "user-tool_result", "result")) {
            if (!byKind.containsKey(kind)) {
                throw new IllegalStateException(SAMPLE + " has no " + kind + " frame");
            }
        }
        return byKind;
    }

    /** Text of a given length, seeded: prose for messages, commands, and multi-line tool output. */
    static final class Text {
        private static final String[] PROSE = {
                "I'll look at the failing test first.", "The parser reads the frame's type before anything else,",
                "so a malformed frame is recorded and never routed.", "Let me check the configuration —",
                "the journal directory is created owner-only (0700).", "That fixes the “off by one” in the cursor.",
                "Running the suite again:", "All 42 tests pass now; the flaky one waited on a sleep.",
                "Here is the change, with a test that fails without it.", "Résumé: three files changed, no API break.",
                "It says \"permission denied\" because the lock is held by pid 4711.", "Next, the README → Decisions section.",
        };
        private static final String[] OUTPUT = {
                "src/main/java/dev/blackbox/recorder/session/JournalFirstWriter.java:42:    long seq = append(kind, frame);",
                "[INFO] Tests run: 118, Failures: 0, Errors: 0, Skipped: 2, Time elapsed: 14.2 s",
                "    at dev.blackbox.journal.SessionJournal.append(SessionJournal.java:131)",
                "drwx------  2 dev dev  4096 Nov 24 06:59 journal/session_01AbC",
                "\tif (frame.length > MAX) { throw new IllegalArgumentException(\"too big: \" + frame.length); }",
                "diff --git a/README.md b/README.md", "@@ -211,7 +211,9 @@ ## Benchmarks",
                "+| ingest: recorder / null sink | ≥ 0.9 | measured |", "{\"type\":\"user\",\"uuid\":\"c62092ce\"}",
                "npm WARN deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported",
                "C:\\Users\\dev\\project\\build> gradle test --info", "✓ renders the transcript (12 ms)",
        };
        private static final String[] COMMANDS = {
                "mvn -B -ntp -o verify -pl recorder -am", "grep -rn \"can_use_tool\" src/main/java", "git diff --stat HEAD~1",
                "ls -la ~/.local/share/blackbox/journal", "cat pom.xml | head -40", "npm test -- --watch=false",
        };

        static String prose(SplittableRandom random, int length) {
            return fill(random, PROSE, " ", length);
        }

        static String output(SplittableRandom random, int length) {
            return fill(random, OUTPUT, "\n", length);
        }

        static String command(SplittableRandom random) {
            return COMMANDS[random.nextInt(COMMANDS.length)];
        }

        private static String fill(SplittableRandom random, String[] pieces, String separator, int length) {
            StringBuilder sb = new StringBuilder(length + 128);
            while (sb.length() < length) {
                if (sb.length() > 0) {
                    sb.append(separator);
                }
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            sb.setLength(length);
            if (Character.isHighSurrogate(sb.charAt(length - 1))) {
                sb.setCharAt(length - 1, '.');
            }
            return sb.toString();
        }
    }
}
