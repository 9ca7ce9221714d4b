package dev.blackbox.replay.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.replay.fixture.JournalFixture;
import dev.blackbox.replay.transcript.Format;
import dev.blackbox.replay.transcript.Golden;
import dev.blackbox.replay.transcript.TranscriptOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A local worker's session (stdio): its stderr, its exit and its own session id, in the state and the transcript. */
class LocalWorkerStateTest {

    @TempDir
    Path root;

    private String write() {
        try (JournalFixture f = JournalFixture.create(root, "local_state")) {
            Map<String, Object> worker = new LinkedHashMap<>();
            worker.put("cli", "/opt/claude/bin/claude");
            worker.put("version", "2.1.330");
            worker.put("argv", List.of("-p", "--verbose"));
            worker.put("cwd", "/work/repo");
            f.journal().append(JournalRecord.RecordingStarted.of(JournalRecord.FORMAT_VERSION, "local_state", "stdio", worker,
                    false, "test", "localhost"));
            f.journal().append(new JournalRecord.Connecting(1));
            f.journal().append(new JournalRecord.Connected(1));
            f.journal().append(new JournalRecord.WorkerStderr("warning: no settings file, using defaults"));
            f.received("{\"type\":\"system\",\"subtype\":\"init\",\"cwd\":\"/work/repo\",\"session_id\":\"6f1c5a0e-2b7d-4c1e-9a43-0d5e8f3b2a11\","
                    + "\"tools\":[\"Bash\"],\"model\":\"claude-opus-5-5\",\"permissionMode\":\"default\",\"claude_code_version\":\"2.1.330\"}");
            f.advanceMillis(500);
            f.journal().append(new JournalRecord.WorkerExited(1, null, true));
            f.journal().append(new JournalRecord.Disconnected(1, "the worker exited with status 1", true));
            f.journal().append(new JournalRecord.RecordingStopped("ended: the worker exited with status 1"));
        }
        return "local_state";
    }

    @Test
    @DisplayName("The state shows the worker's own session id, its stderr and how it ended; the text report says so in one line")
    void stateShowsTheWorker() {
        String id = write();
        JsonNode s;
        try (JournalReader r = JournalReader.open(root, id)) {
            s = SessionState.rebuild(r).toJson();
        }
        assertThat(s.at("/recording/transport").asText()).isEqualTo("stdio");
        assertThat(s.at("/agent/sessionId").asText()).isEqualTo("6f1c5a0e-2b7d-4c1e-9a43-0d5e8f3b2a11");
        assertThat(s.at("/worker/stderrLines").asLong()).isEqualTo(1);
        assertThat(s.at("/worker/lastStderr").asText()).isEqualTo("warning: no settings file, using defaults");
        assertThat(s.at("/worker/exited").asBoolean()).isTrue();
        assertThat(s.at("/worker/exitCode").asInt()).isEqualTo(1);
        assertThat(StateReport.of(root, id).text()).contains("worker       /opt/claude/bin/claude 2.1.330 · exited with status 1 · 1 stderr line"
                + " · its session 6f1c5a0e-2b7d-4c1e-9a43-0d5e8f3b2a11");
    }

    @Test
    @DisplayName("The transcript names the local worker, shows its stderr lines and its exit; --only worker keeps just those")
    void transcriptShowsTheWorker() throws Exception {
        String id = write();
        String text = Golden.render(root, id, Format.TEXT, TranscriptOptions.defaults());
        assertThat(text).contains("local worker /opt/claude/bin/claude 2.1.330 in /work/repo")
                .contains("worker stderr: warning: no settings file, using defaults")
                .contains("worker exited with status 1 after its stdin was closed");
        assertThat(EntryKind.fromCode(18)).isEqualTo(EntryKind.WORKER_STDERR);
        assertThat(EntryKind.fromCode(19)).isEqualTo(EntryKind.WORKER_EXITED);
    }
}
