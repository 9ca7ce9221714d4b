package dev.blackbox.replay.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.replay.scenario.ScenarioRecording.Prompts;
import dev.blackbox.replay.state.ProjectionVerticle;
import dev.blackbox.replay.state.SessionState;
import dev.blackbox.replay.transcript.Format;
import dev.blackbox.replay.transcript.Golden;
import dev.blackbox.replay.transcript.TranscriptOptions;
import dev.blackbox.simulator.scenario.Scenarios;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Each shipped simulator scenario recorded by the real recorder, with the client actions the
 * scenario waits for, then checked three ways: the text and markdown transcripts against
 * {@code golden/scenario-NAME.txt|.md}; the state the projection built live, while the journal
 * was being written, against one rebuilt from entry 1; and the state's cost and usage against
 * what the simulator actually sent. {@code load} is left out on purpose: its frames are random
 * filler with no transcript worth a golden, and it is covered by the benchmarks.
 */
@ExtendWith(VertxExtension.class)
@Timeout(120)
class ShippedScenarioTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TESTER = ScenarioRecording.ANSWERED_BY;

    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void followJournals(Vertx vertx) {
        root = tmp.resolve("journal"); // empty: the projection picks the session up when the recorder creates it
        vertx.deployVerticle(new ProjectionVerticle(new ProjectionVerticle.Options(root, 5, 50, 7))).await();
    }

    @Test
    @DisplayName("coding-task: both prompts allowed, a follow-up posted after the first result, two turns recorded")
    void codingTask(Vertx vertx) throws Exception {
        String id = "session_scenario_coding_task";
        ScenarioRecording run = ScenarioRecording.start(vertx, root, id, Scenarios.load("coding-task"), Prompts.ALLOWED);
        run.awaitSent("turn 1 to end", sent -> count(sent, "result") == 1 && endsIdle(sent));
        run.send("Also document the flag in the README.", TESTER);
        run.awaitScenarioFinished();
        run.stop();

        assertRecording(vertx, run, id, "scenario-coding-task");
        assertThat(SentTotals.of(run.sentTexts()).resultCount()).isEqualTo(2);
        assertPostedOk(id, 1);
    }

    @Test
    @DisplayName("permission-cancel: both prompts withdrawn by the worker before anyone answers")
    void permissionCancel(Vertx vertx) throws Exception {
        String id = "session_scenario_permission_cancel";
        // Nobody answers: the hook decides within 3 ms (300 ms scaled), and an answer racing the cancel would make the run vary.
        ScenarioRecording run = ScenarioRecording.start(vertx, root, id, Scenarios.load("permission-cancel"), Prompts.LEFT_ALONE);
        run.awaitScenarioFinished();
        run.stop();

        assertRecording(vertx, run, id, "scenario-permission-cancel");
        assertThat(state(vertx, id).path("permissions").path("pending")).isEmpty();
    }

    @Test
    @DisplayName("interrupt: a streamed answer interrupted after two deltas, a pending prompt interrupted, then a normal third turn")
    void interrupt(Vertx vertx) throws Exception {
        String id = "session_scenario_interrupt";
        // Three deltas, one every 2 s (four times the 0.5 s at rate 0.02): the interrupt (bus, journal, socket) lands
        // between the second and the third even on a loaded machine, so the aborted message holds the same text every run.
        ScenarioRecording run = ScenarioRecording.start(vertx, root, id,
                Scenarios.load("interrupt", Map.of("deltas", "3", "rate", "0.005")), Prompts.LEFT_ALONE);
        run.awaitSent("two streamed deltas", sent -> count(sent, "content_block_delta") == 2);
        run.interrupt(TESTER);
        run.awaitSent("turn 1 to end aborted", sent -> count(sent, "result") == 1 && endsIdle(sent));
        run.send("Run the end-to-end tests instead.", TESTER);
        run.awaitSent("the prompt of turn 2", sent -> count(sent, "can_use_tool") == 1);
        run.interrupt(TESTER);
        run.awaitSent("turn 2 to end aborted", sent -> count(sent, "result") == 2 && endsIdle(sent));
        run.send("Just summarise what changed.", TESTER);
        run.awaitScenarioFinished();
        run.stop();

        assertRecording(vertx, run, id, "scenario-interrupt");
        JsonNode turns = state(vertx, id).path("turns");
        assertThat(turns.path("interruptsRequested").asInt()).isEqualTo(2);
        assertThat(turns.path("errors").asInt()).isEqualTo(2);
        assertThat(count(run.sentTexts(), "content_block_delta")).as("no delta after the interrupt").isEqualTo(2);
        assertPostedOk(id, 2);
    }

    @Test
    @DisplayName("reconnect: a 1006 drop, a 1000 close with the pending prompt replayed and answered once, 4001 retried until accepted")
    void reconnect(Vertx vertx) throws Exception {
        String id = "session_scenario_reconnect";
        ScenarioRecording run = ScenarioRecording.start(vertx, root, id, Scenarios.load("reconnect"), Prompts.LEFT_ALONE);
        // Answer only once the prompt has been replayed after the 1000 close: answered earlier, it could beat the
        // close (1 ms after it, scaled) and there would be nothing to replay.
        run.awaitSent("the prompt replayed after the resubscribe", sent -> count(sent, "can_use_tool") == 2);
        String requestId = run.pending().get(0);
        run.decide(requestId, TESTER).await();
        run.awaitScenarioFinished();
        run.stop();

        assertRecording(vertx, run, id, "scenario-reconnect");
        JsonNode connection = state(vertx, id).path("connection");
        // the first subscribe, after the 1006 drop, after the 1000 close, two refused with 4001 (accepted, then
        // closed) and the one that is let in
        assertThat(connection.path("connects").asInt()).isEqualTo(6);
    }

    @Test
    @DisplayName("malformed: odd, binary and 16 MiB frames recorded, unsupported requests refused, the turn still counted")
    void malformed(Vertx vertx) throws Exception {
        String id = "session_scenario_malformed";
        // A 4 KiB "huge" frame instead of 16 MiB: the transcript prints the whole assistant text, and a 16 MiB golden
        // would be unreadable. The recorder's own tests journal the real 16 MiB frame.
        ScenarioRecording run = ScenarioRecording.start(vertx, root, id,
                Scenarios.load("malformed", Map.of("huge_bytes", "4096")), Prompts.LEFT_ALONE);
        run.awaitScenarioFinished();
        run.stop();

        assertRecording(vertx, run, id, "scenario-malformed");
        assertThat(state(vertx, id).path("malformed").path("count").asInt()).isPositive();
    }

    /** Goldens, live == rebuilt, and totals equal to what was sent. */
    private void assertRecording(Vertx vertx, ScenarioRecording run, String id, String golden) throws Exception {
        assertGoldens(id, golden);
        JsonNode live = liveStateOnceCaughtUp(vertx, id);
        assertThat(live).as("live projection of %s", id).isEqualTo(rebuilt(id));
        assertThat(live.path("status").asText()).isEqualTo("stopped");
        assertTotals(live, SentTotals.of(run.sentTexts()));
    }

    private void assertGoldens(String id, String golden) throws Exception {
        for (Format format : List.of(Format.TEXT, Format.MARKDOWN)) {
            String transcript = Golden.render(root, id, format, TranscriptOptions.defaults());
            Golden.assertMatches(TranscriptIds.normalise(transcript), golden + (format == Format.TEXT ? ".txt" : ".md"));
        }
    }

    private static void assertTotals(JsonNode state, SentTotals sent) {
        JsonNode usage = state.path("usage");
        assertThat(sent.resultCount()).as("the scenario sent results").isPositive();
        assertThat(state.path("turns").path("count").asInt()).isEqualTo(sent.resultCount());
        assertThat(usage.path("costUsd").decimalValue()).isCloseTo(sent.costUsd(), within(new BigDecimal("1e-9")));
        assertThat(tokens(usage.path("results"))).as("result usage").isEqualTo(sent.results());
        assertThat(tokens(usage.path("assistant"))).as("assistant usage").isEqualTo(sent.assistant());
        assertThat(usage.path("assistant").path("messages").asInt()).isEqualTo(sent.assistantMessages());
    }

    /** The prompts' message_posted entries, which the goldens leave out (see {@link TranscriptIds}). */
    private void assertPostedOk(String id, int expected) {
        List<JsonObject> posted = new java.util.ArrayList<>();
        try (JournalReader reader = JournalReader.open(root, id)) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                if (e.kind() == EntryKind.MESSAGE_POSTED) {
                    posted.add(new JsonObject(e.payloadText()));
                }
            }
        }
        assertThat(posted).hasSize(expected).allMatch(p -> p.getBoolean("ok") && p.getInteger("httpStatus") == 200);
    }

    private static SentTotals.Tokens tokens(JsonNode usage) {
        return new SentTotals.Tokens(usage.path("inputTokens").asLong(), usage.path("outputTokens").asLong(),
                usage.path("cacheCreationInputTokens").asLong(), usage.path("cacheReadInputTokens").asLong());
    }

    private static long count(List<String> sent, String marker) {
        String quoted = "\"" + marker + "\"";
        return sent.stream().filter(t -> t.contains(quoted)).count();
    }

    /** The last frame sent is a session_state_changed to idle: the turn is over and the scenario waits. */
    private static boolean endsIdle(List<String> sent) {
        if (sent.isEmpty()) {
            return false;
        }
        String last = sent.get(sent.size() - 1);
        return last.contains("\"session_state_changed\"") && last.contains("\"idle\"");
    }

    private static JsonObject stateMessage(Vertx vertx, String id) {
        return vertx.eventBus().<JsonObject>request(Addresses.STATE_GET, new JsonObject().put("sessionId", id)).await().body();
    }

    private JsonNode state(Vertx vertx, String id) throws Exception {
        return JSON.readTree(stateMessage(vertx, id).encode());
    }

    /** Waits until the live state has applied the whole journal, then returns it without "caughtUp". */
    private JsonNode liveStateOnceCaughtUp(Vertx vertx, String id) throws Exception {
        long lastSeq;
        try (JournalReader reader = JournalReader.open(root, id)) {
            lastSeq = reader.lastEntry().seq();
        }
        AtomicReference<JsonObject> seen = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try {
                JsonObject s = stateMessage(vertx, id);
                seen.set(s);
                // a verdict taken while the recording ran ("live") is taken again within a second of its stop
                return s.getBoolean("caughtUp") && s.getLong("lastSeq") == lastSeq
                        && !"live".equals(s.getJsonObject("integrity").getString("verdict"));
            } catch (ReplyException notYet) {
                return false;
            }
        });
        ObjectNode node = (ObjectNode) JSON.readTree(seen.get().encode());
        node.remove("caughtUp");
        // the journal's verdict, which a fold alone cannot give: checking, then the verifier's
        assertThat(node.remove("integrity").path("verdict").asText()).isIn("checking", "sealed");
        return node;
    }

    /** The state folded from entry 1, through JSON text like the bus reply, so number types compare alike. */
    private JsonNode rebuilt(String id) throws Exception {
        try (JournalReader reader = JournalReader.open(root, id)) {
            return JSON.readTree(SessionState.rebuild(reader).toJson().toString());
        }
    }
}
