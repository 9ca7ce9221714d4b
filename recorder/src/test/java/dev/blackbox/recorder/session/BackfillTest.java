package dev.blackbox.recorder.session;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.blackbox.recorder.session.RecordingHarness.inline;
import static dev.blackbox.recorder.session.RecordingHarness.payloads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Frames the connection never delivered, recovered from the session's history: the simulator's
 * unattended worker keeps going while nobody listens (as the real service does), so a drop or a
 * recorder that is down leaves a real gap. Afterwards the journal holds every event of the history,
 * each once.
 */
class BackfillTest {

    @TempDir
    Path root;

    Vertx vertx;
    RecordingHarness h;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        h = new RecordingHarness(vertx, root);
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    static String frame(String type, int n) {
        return "{\"send\":{\"type\":\"" + type + "\",\"uuid\":\"${uuid}\",\"session_id\":\"${session_id}\",\"n\":" + n
                + ",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"frame " + n + "\"}]}}}";
    }

    static List<String> frames(String type, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(frame(type, i));
        }
        return out;
    }

    /** Every event of the history is in the journal exactly once, as received or backfilled; the backfilled ones are the gap. */
    void journalHoldsTheHistory(String sessionId, int gap) {
        List<JournalEntry> journal = h.journal(sessionId);
        List<String> received = payloads(journal, EntryKind.FRAME_RECEIVED);
        List<String> backfilled = payloads(journal, EntryKind.FRAME_BACKFILLED);
        List<String> history = h.simulator.history(sessionId);
        assertThat(backfilled).hasSize(gap).doesNotHaveDuplicates();
        assertThat(history).allSatisfy(event -> assertThat(received.contains(event) ^ backfilled.contains(event))
                .as("exactly once, received or backfilled: %s", event).isTrue());
        assertThat(history).containsAll(backfilled);
        Set<String> notInHistory = new HashSet<>(received);
        history.forEach(notInHistory::remove);
        assertThat(notInHistory).as("only the second echoes of posted messages (and raw text) are not events of the history")
                .allMatch(text -> new JsonObject(text).getBoolean("isReplay", false) || text.contains("socket-only"));
    }

    @Test
    @DisplayName("After a dropped socket, the frames the session sent meanwhile are backfilled from the history, each once, none twice")
    void afterADrop() {
        List<String> steps = new ArrayList<>(List.of("{\"options\":{\"unattended\":true}}"));
        steps.addAll(frames("assistant", 1, 5));
        steps.add("{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:r1}\",\"request\":{\"subtype\":\"can_use_tool\","
                + "\"tool_name\":\"Bash\",\"input\":{\"command\":\"ls\"},\"tool_use_id\":\"${uuid:t1}\"}}}");
        steps.add("{\"close\":{\"code\":1006,\"wait\":false}}");
        steps.addAll(frames("assistant", 6, 12)); // nobody listens: the history only
        steps.add("{\"cancel_request\":{\"request_id\":\"${uuid:r1}\"}}"); // no uuid: known by its type and request id
        steps.add("{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:r2}\",\"request\":{\"subtype\":\"can_use_tool\","
                + "\"tool_name\":\"Bash\",\"input\":{\"command\":\"pwd\"},\"tool_use_id\":\"${uuid:t2}\"}}}");
        steps.add("{\"await_user_message\":{}}"); // sent once the recorder is back
        steps.add("{\"replay_pending\":{}}");
        steps.addAll(frames("result", 13, 15));
        steps.add("{\"await_user_message\":{}}");
        String id = "session_drop";
        h.startSimulator(id, inline("drop", steps.toArray(String[]::new))).await();
        h.record(h.settings(id).withBackfillSettleMs(3_000)).await();
        await().atMost(Duration.ofSeconds(10)).until(() -> h.count(id, EntryKind.CONNECTED) == 2);
        h.send("go on", "tester").await(); // its echo is the first fresh frame of the new connection: the gap ends before it
        await().atMost(Duration.ofSeconds(20)).until(() -> h.count(id, EntryKind.FRAME_BACKFILLED) == 8
                && payloads(h.journal(id), EntryKind.FRAME_RECEIVED).stream().filter(p -> p.contains("\"n\":15")).count() == 1);
        // the request asked for in the gap came again after the reconnect (replay_pending): journaled as received, not backfilled
        journalHoldsTheHistory(id, 8);
        List<String> backfilled = payloads(h.journal(id), EntryKind.FRAME_BACKFILLED);
        assertThat(backfilled.get(0)).contains("\"n\":6");
        assertThat(backfilled.get(7)).startsWith("{\"type\":\"control_cancel_request\"");
        assertThat(payloads(h.journal(id), EntryKind.FRAME_RECEIVED)).filteredOn(p -> p.contains("\"command\":\"pwd\"")).hasSize(1);
        assertThat(h.status().await().getLong("backfilled")).isEqualTo(8);
        // the backfilled withdrawal reached the permission edge: only the replayed request is still pending
        assertThat(h.pending().await()).singleElement().satisfies(p -> assertThat(p.getJsonObject("input").getString("command")).isEqualTo("pwd"));
    }

    @Test
    @DisplayName("When the history does not know the newest journaled uuid, the backfill walks back to the newest event it does know")
    void unknownCursor() {
        List<String> steps = new ArrayList<>(List.of("{\"options\":{\"unattended\":true}}"));
        steps.addAll(frames("assistant", 1, 3));
        // a frame with a uuid that only the socket carried (raw text is not an event of the history)
        steps.add("{\"send_raw\":\"{\\\"type\\\":\\\"assistant\\\",\\\"uuid\\\":\\\"socket-only\\\"}\"}");
        steps.add("{\"close\":{\"code\":1006,\"wait\":false}}");
        steps.addAll(frames("assistant", 4, 7));
        steps.add("{\"await_user_message\":{}}");
        steps.addAll(frames("result", 8, 8));
        steps.add("{\"await_user_message\":{}}");
        String id = "session_walk";
        h.startSimulator(id, inline("walk", steps.toArray(String[]::new))).await();
        h.record(h.settings(id).withBackfillSettleMs(3_000)).await();
        await().atMost(Duration.ofSeconds(10)).until(() -> h.count(id, EntryKind.CONNECTED) == 2);
        h.send("go on", "tester").await();
        await().atMost(Duration.ofSeconds(20)).until(() -> h.count(id, EntryKind.FRAME_BACKFILLED) == 4
                && payloads(h.journal(id), EntryKind.FRAME_RECEIVED).stream().anyMatch(p -> p.contains("\"n\":8")));
        assertThat(h.simulator.session(id).requests()).filteredOn(r -> r.method().equals("GET"))
                .extracting(r -> r.query() + " " + r.status()).first().asString().contains("after_id=socket-only").endsWith("400");
        journalHoldsTheHistory(id, 4);
    }

    @Test
    @DisplayName("A recorder restarted on its journal backfills what the session sent while no recorder ran")
    void afterARestart() {
        List<String> steps = new ArrayList<>(List.of("{\"options\":{\"unattended\":true}}"));
        steps.addAll(frames("assistant", 1, 5));
        steps.add("{\"await_user_message\":{}}");
        steps.addAll(frames("assistant", 6, 9));
        steps.add("{\"await_user_message\":{}}");
        steps.addAll(frames("result", 10, 11));
        steps.add("{\"await_user_message\":{}}");
        Scenario scenario = inline("restart", steps.toArray(String[]::new));
        String id = "session_restart";
        h.startSimulator(id, scenario).await();
        h.record(h.settings(id).withBackfillSettleMs(300)).await();
        await().atMost(Duration.ofSeconds(10)).until(() -> h.count(id, EntryKind.FRAME_RECEIVED) == 5);
        vertx.undeploy(h.recorder.deploymentID()).await();

        post(id, "while nobody records"); // the worker goes on: 1 user event and 4 frames reach the history only
        await().atMost(Duration.ofSeconds(10)).until(() -> h.simulator.history(id).size() == 10);

        h.record(h.settings(id).withBackfillSettleMs(300)).await();
        await().atMost(Duration.ofSeconds(10)).until(() -> h.count(id, EntryKind.FRAME_BACKFILLED) == 5);
        h.send("live again", "tester").await();
        await().atMost(Duration.ofSeconds(10)).until(() -> payloads(h.journal(id), EntryKind.FRAME_RECEIVED).stream()
                .anyMatch(p -> p.contains("\"n\":11")));
        journalHoldsTheHistory(id, 5);
        assertThat(payloads(h.journal(id), EntryKind.FRAME_BACKFILLED).get(0)).contains("while nobody records");
    }

    @Test
    @DisplayName("A reconnect that missed nothing backfills nothing, and a fresh journal's first connection is not backfilled")
    void nothingMissed() {
        String id = "session_whole";
        List<String> steps = new ArrayList<>(frames("assistant", 1, 3));
        steps.add("{\"close\":{\"code\":1000}}"); // the scenario waits for the resubscribe: no gap
        steps.addAll(frames("assistant", 4, 6));
        steps.add("{\"await_user_message\":{}}");
        h.startSimulator(id, inline("whole", steps.toArray(String[]::new))).await();
        h.record(h.settings(id).withBackfillSettleMs(SessionSettings.DEFAULT_BACKFILL_SETTLE_MS)).await();
        await().atMost(Duration.ofSeconds(10)).until(() -> h.count(id, EntryKind.FRAME_RECEIVED) == 6);
        await().atMost(Duration.ofSeconds(5)).until(() -> h.simulator.session(id).requests().stream()
                .filter(r -> r.method().equals("GET")).count() >= 1); // the reconnect asked the history
        assertThat(h.count(id, EntryKind.FRAME_BACKFILLED)).isZero();
        assertThat(h.simulator.session(id).requests()).filteredOn(r -> r.method().equals("GET")).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(200));
    }

    void post(String sessionId, String text) {
        WebClient web = WebClient.create(vertx);
        JsonObject event = new JsonObject().put("type", "user").put("uuid", UUID.randomUUID().toString())
                .put("session_id", sessionId).putNull("parent_tool_use_id")
                .put("message", new JsonObject().put("role", "user").put("content", text));
        int status = web.postAbs(h.simulator.baseUrl() + "/v1/sessions/" + sessionId + "/events")
                .putHeader("Authorization", "Bearer " + RecordingHarness.TOKEN)
                .putHeader("anthropic-version", "2023-06-01")
                .putHeader("anthropic-beta", "ccr-byoc-2025-07-29")
                .putHeader("x-organization-uuid", RecordingHarness.ORG)
                .sendJsonObject(new JsonObject().put("events", new JsonArray().add(event))).await().statusCode();
        assertThat(status).isEqualTo(200);
        web.close();
    }
}
