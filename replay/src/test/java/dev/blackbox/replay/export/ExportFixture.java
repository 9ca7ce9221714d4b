package dev.blackbox.replay.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.replay.fixture.JournalFixture;
import dev.blackbox.replay.fixture.Sessions;
import dev.blackbox.replay.play.ReplayJob;
import dev.blackbox.replay.scenario.RecordedScenarios;
import io.vertx.core.Vertx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The journals the export tests read, made once per test JVM: the shipped scenarios recorded for real
 * ({@link RecordedScenarios}) and the fixture sessions written from the real worker samples
 * ({@link Sessions}: allow, interrupt while pending, and "rough" with a reconnect, replays, a refused
 * decision, a timeout, a policy deny and malformed frames).
 */
final class ExportFixture {

    /**
     * A prompt journaled (FRAME_SENT) and delivered, whose MESSAGE_POSTED lands only after the answer has
     * begun streaming (the POST's response is slower than the WebSocket), between two frames of one
     * assistant message, as it does on a loaded machine. No echo of the prompt comes back.
     */
    static final String LATE_POST = "session_export_late_post";
    static final String LATE_POST_PROMPT = "Also document the flag in the README.";

    private static final ObjectMapper PROMPT_JSON = new ObjectMapper();
    private static Path root;

    private ExportFixture() {
    }

    static synchronized Path root() {
        if (root == null) {
            try {
                Path dir = Files.createTempDirectory("blackbox-export-test-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                Path journal = dir.resolve("journal");
                Vertx vertx = Vertx.vertx();
                try {
                    RecordedScenarios.recordAll(vertx, journal);
                } finally {
                    vertx.close().await();
                }
                for (Sessions s : Sessions.ALL) {
                    s.write(journal);
                }
                writeLatePost(journal);
                root = journal;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** Every session the tests run against: recorded scenarios first, then the fixture sessions. */
    static List<String> sessions() {
        List<String> ids = new ArrayList<>(RecordedScenarios.ALL);
        Sessions.ALL.forEach(s -> ids.add(s.sessionId()));
        return ids;
    }

    static byte[] export(String sessionId, ExportFormat format, ExportOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new ExportJob(root(), sessionId, format, options).run(out, ReplayJob.ProgressFactory.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static void writeLatePost(Path journal) {
        String sid = LATE_POST;
        try (JournalFixture f = JournalFixture.create(journal, sid)) {
            f.started().connect(1);
            f.advanceMillis(500).sent("{\"type\":\"user\",\"uuid\":\"u-late-prompt\",\"session_id\":\"" + sid
                    + "\",\"parent_tool_use_id\":null,\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\""
                    + LATE_POST_PROMPT + "\"}]}}");
            f.advanceMillis(300).received(assistant(sid, "u-late-1", "{\"type\":\"text\",\"text\":\"Let me check the README first.\"}",
                    "null"));
            f.advanceMillis(20).journal().append(new JournalRecord.MessagePosted("u-late-prompt",
                    PROMPT_JSON.createArrayNode().add(PROMPT_JSON.createObjectNode().put("type", "text").put("text", LATE_POST_PROMPT)),
                    200, true, "alice", null));
            f.advanceMillis(30).received(assistant(sid, "u-late-2",
                    "{\"type\":\"tool_use\",\"id\":\"toolu_late_read\",\"name\":\"Read\",\"input\":{\"file_path\":\"README.md\"}}",
                    "\"tool_use\""));
            f.advanceMillis(200).received("{\"type\":\"user\",\"uuid\":\"u-late-3\",\"session_id\":\"" + sid
                    + "\",\"parent_tool_use_id\":null,\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                    + "\"tool_use_id\":\"toolu_late_read\",\"content\":\"# app\"}]}}");
            f.advanceMillis(400).received(assistant(sid, "u-late-4", "{\"type\":\"text\",\"text\":\"Documented.\"}", "\"end_turn\"")
                    .replace("msg_late_1", "msg_late_2"));
            f.advanceMillis(100).received("{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"num_turns\":2,"
                    + "\"duration_ms\":1050,\"total_cost_usd\":0.01,\"session_id\":\"" + sid + "\",\"uuid\":\"u-late-5\"}");
            f.advanceMillis(100).stopped("session ended");
        }
    }

    private static String assistant(String sid, String uuid, String block, String stopReason) {
        return "{\"type\":\"assistant\",\"uuid\":\"" + uuid + "\",\"session_id\":\"" + sid + "\",\"parent_tool_use_id\":null,"
                + "\"message\":{\"id\":\"msg_late_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-opus-5-5\","
                + "\"content\":[" + block + "],\"stop_reason\":" + stopReason
                + ",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}}";
    }

    static List<JournalEntry> entries(String sessionId) {
        List<JournalEntry> all = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(root(), sessionId)) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                all.add(e);
            }
        }
        return all;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
