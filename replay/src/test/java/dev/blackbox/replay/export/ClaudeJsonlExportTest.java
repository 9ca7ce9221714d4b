package dev.blackbox.replay.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.replay.fixture.Sessions;
import dev.blackbox.replay.scenario.RecordedScenarios;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Claude Code transcript shape as claude-code-log's models read it ({@code BaseTranscriptEntry}:
 * parentUuid, isSidechain, userType, cwd, sessionId, version, uuid, timestamp; user and assistant entries
 * with the API message; system entries with content and level).
 */
@Timeout(180)
class ClaudeJsonlExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> sessions() {
        return ExportFixture.sessions();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sessions")
    @DisplayName("Every line has the Claude Code transcript shape: type, uuid, sessionId, timestamp, cwd, version, isSidechain, userType")
    void everyLineHasTheShape(String sessionId) throws IOException {
        List<JsonNode> lines = lines(sessionId);
        assertThat(lines).isNotEmpty();
        for (JsonNode l : lines) {
            assertThat(l.path("type").asText()).isIn("user", "assistant", "system");
            assertThat(l.path("uuid").asText()).isNotEmpty(); // the session's own uuids pass through as they are
            assertThat(l.path("sessionId").asText()).isEqualTo(sessionId);
            Instant.parse(l.path("timestamp").asText());
            assertThat(l.path("timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
            assertThat(l.path("cwd").isTextual()).isTrue();
            assertThat(l.path("version").isTextual()).isTrue();
            assertThat(l.path("isSidechain").isBoolean()).isTrue();
            assertThat(l.path("userType").asText()).isEqualTo("external");
            assertThat(l.has("parentUuid")).isTrue();
            switch (l.path("type").asText()) {
                case "user" -> {
                    assertThat(l.path("message").path("role").asText()).isEqualTo("user");
                    assertThat(l.path("message").path("content").isArray() || l.path("message").path("content").isTextual()).isTrue();
                }
                case "assistant" -> {
                    JsonNode m = l.path("message");
                    assertThat(m.path("role").asText()).isEqualTo("assistant");
                    assertThat(m.path("type").asText()).isEqualTo("message");
                    assertThat(m.path("id").asText()).isNotEmpty();
                    assertThat(m.path("model").asText()).isNotEmpty();
                    assertThat(m.path("content").isArray()).isTrue();
                }
                default -> {
                    assertThat(l.path("content").asText()).isNotEmpty();
                    assertThat(l.path("level").asText()).isIn("info", "warning", "error");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sessions")
    @DisplayName("parentUuid chains each line to the one before it, from a null root, and no uuid appears twice")
    void parentUuidChain(String sessionId) throws IOException {
        List<JsonNode> lines = lines(sessionId);
        assertThat(lines.get(0).path("parentUuid").isNull()).isTrue();
        Set<String> uuids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            assertThat(uuids.add(lines.get(i).path("uuid").asText())).as("line %d's uuid is new", i).isTrue();
            if (i > 0) {
                assertThat(lines.get(i).path("parentUuid").asText()).isEqualTo(lines.get(i - 1).path("uuid").asText());
            }
        }
    }

    @Test
    @DisplayName("cwd and version come from system/init, on every line, also the prompt before it")
    void cwdAndVersion() throws IOException {
        assertThat(lines(RecordedScenarios.CODING_TASK)).allSatisfy(l -> {
            assertThat(l.path("cwd").asText()).isEqualTo("/home/user/app");
            assertThat(l.path("version").asText()).isEqualTo("2.1.330");
        });
    }

    @Test
    @DisplayName("User and assistant lines carry the session's own uuid and API message; tool results carry toolUseResult")
    void messagesAsSent() throws IOException {
        String id = RecordedScenarios.CODING_TASK;
        List<JsonNode> lines = lines(id);
        List<JsonNode> frames = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JournalEntry e : ExportFixture.entries(id)) {
            if (e.kind() == EntryKind.FRAME_RECEIVED) {
                JsonNode f = JSON.readTree(e.payload());
                // a prompt comes back more than once (the service's echo, the worker's replay): same uuid, one line
                if (f.path("type").asText().matches("user|assistant") && seen.add(f.path("uuid").asText())) {
                    frames.add(f);
                }
            }
        }
        List<JsonNode> conversation = lines.stream().filter(l -> !l.path("type").asText().equals("system")).toList();
        assertThat(conversation).hasSameSizeAs(frames);
        for (int i = 0; i < frames.size(); i++) {
            JsonNode f = frames.get(i), l = conversation.get(i);
            assertThat(l.path("uuid").asText()).isEqualTo(f.path("uuid").asText());
            assertThat(l.path("message")).isEqualTo(f.path("message"));
            if (f.has("tool_use_result")) {
                assertThat(l.path("toolUseResult")).isEqualTo(f.path("tool_use_result"));
            }
            if (f.has("request_id")) {
                assertThat(l.path("requestId").asText()).isEqualTo(f.path("request_id").asText());
            }
        }
        List<JsonNode> results = conversation.stream().filter(l -> l.path("message").path("content").path(0).path("type")
                .asText().equals("tool_result")).toList();
        assertThat(results).hasSize(3).allSatisfy(r -> assertThat(r.has("toolUseResult")).isTrue());
    }

    @Test
    @DisplayName("Permission requests and who decided them, turn results and reconnects are system lines; replayed frames appear once")
    void recorderStoryAsSystemLines() throws IOException {
        List<String> coding = systemLines(RecordedScenarios.CODING_TASK);
        assertThat(coding).contains("Bash asks for permission: Run the test suite and keep the log")
                .anySatisfy(c -> assertThat(c).startsWith("Bash allowed by golden-tester via test after"))
                .anySatisfy(c -> assertThat(c).startsWith("turn ended: success"));

        String rough = Sessions.ROUGH.sessionId();
        assertThat(systemLines(rough)).anySatisfy(c -> assertThat(c).startsWith("connection lost, reconnecting"))
                .anySatisfy(c -> assertThat(c).contains("refused: already decided"))
                .anySatisfy(c -> assertThat(c).contains("denied by timeout"));
        List<String> uuids = lines(rough).stream().map(l -> l.path("uuid").asText()).toList();
        assertThat(uuids).doesNotHaveDuplicates();
        long assistantFramesWithReplay = ExportFixture.entries(rough).stream()
                .filter(e -> e.kind() == EntryKind.FRAME_RECEIVED && isAssistant(e.payload())).count();
        long assistantLines = lines(rough).stream().filter(l -> l.path("type").asText().equals("assistant")).count();
        assertThat(assistantLines).as("the replayed assistant frame is left out").isEqualTo(assistantFramesWithReplay - 1);
    }

    @Test
    @DisplayName("A prompt whose echo never came is still a user line, once")
    void postedPromptWithoutEcho() throws IOException {
        List<JsonNode> users = lines(Sessions.ROUGH.sessionId()).stream().filter(l -> l.path("type").asText().equals("user"))
                .toList();
        assertThat(users).filteredOn(u -> u.path("message").toString().contains("Now write a file.")).hasSize(1);
    }

    @Test
    @DisplayName("Our prompt is a user line where it was journaled (before its answer), once, however late the POST's answer came")
    void promptWhereItWasSent() throws IOException {
        List<String> conversation = lines(ExportFixture.LATE_POST).stream().filter(l -> !l.path("type").asText().equals("system"))
                .map(l -> l.path("type").asText() + ":" + l.path("message").path("content").toString()).toList();
        assertThat(conversation).hasSize(5);
        assertThat(conversation.get(0)).startsWith("user:").contains(ExportFixture.LATE_POST_PROMPT);
        assertThat(conversation.subList(1, 5)).noneMatch(l -> l.contains(ExportFixture.LATE_POST_PROMPT));
    }

    private static boolean isAssistant(byte[] frame) {
        try {
            return JSON.readTree(frame).path("type").asText().equals("assistant");
        } catch (IOException malformed) {
            return false;
        }
    }

    private static List<String> systemLines(String sessionId) throws IOException {
        return lines(sessionId).stream().filter(l -> l.path("type").asText().equals("system")).map(l -> l.path("content").asText())
                .toList();
    }

    private static List<JsonNode> lines(String sessionId) throws IOException {
        String text = new String(ExportFixture.export(sessionId, ExportFormat.CLAUDE_JSONL, ExportOptions.defaults()),
                StandardCharsets.UTF_8);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }
}
