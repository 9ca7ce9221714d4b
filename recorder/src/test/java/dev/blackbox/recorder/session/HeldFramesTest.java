package dev.blackbox.recorder.session;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.recorder.permissions.Decision;
import dev.blackbox.recorder.remote.ReconnectMode;
import dev.blackbox.recorder.remote.ReconnectTimings;
import dev.blackbox.simulator.observe.ReceivedFrame;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.blackbox.recorder.session.RecordingHarness.inline;
import static dev.blackbox.recorder.session.RecordingHarness.kinds;
import static dev.blackbox.recorder.session.SessionRecorderTest.CAN_USE_TOOL;
import static dev.blackbox.recorder.session.SessionRecorderTest.INIT;
import static dev.blackbox.recorder.session.SessionRecorderTest.RESULT;
import static dev.blackbox.recorder.session.SessionRecorderTest.STOP;
import static dev.blackbox.recorder.session.SessionRecorderTest.TOOL_USE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What happens to answers across a reconnect: held, not dropped; replayed requests are not new prompts. */
@ExtendWith(VertxExtension.class)
class HeldFramesTest {

    @TempDir
    Path root;

    private static final Scenario DROP_THEN_REPLAY = inline("replay", INIT, TOOL_USE, CAN_USE_TOOL,
            "{\"close\":{\"code\":1001,\"reason\":\"going away\"}}",
            "{\"replay_pending\":{}}",
            "{\"await_permission\":{\"request_id\":\"${uuid:r1}\",\"on_allow\":[" + RESULT.substring(0, RESULT.length()) + "]}}",
            STOP);

    /** Reconnect after 3 s instead of 20 ms: a window to decide in while the socket is down, wide enough for a loaded machine. */
    private static SessionSettings slowReconnect(RecordingHarness h, String sessionId) {
        ReconnectTimings t = ReconnectTimings.upstream().scaled(RecordingHarness.SCALE);
        return h.settings(sessionId, RecordingHarness.TOKEN, false, ReconnectMode.PERSISTENT,
                new ReconnectTimings(3000, t.maxReconnectAttempts(), t.notFoundBaseDelayMs(), t.maxNotFoundRetries(),
                        t.pingIntervalMs(), t.forcedReconnectDelayMs(), t.watchdogMs(), t.compactingWatchdogMs(),
                        t.backoffMaxMs(), t.giveUpAfterMs()), null);
    }

    @Test
    @DisplayName("A decision made while the socket is down is journaled at once and its frame is sent after the reconnect")
    void decisionHeldUntilReconnect(Vertx vertx, VertxTestContext ctx) throws Throwable {
        RecordingHarness h = new RecordingHarness(vertx, root);
        List<JsonObject> requested = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.PERMISSIONS_REQUESTED, m -> requested.add(m.body()));
        h.startSimulator("session_held", DROP_THEN_REPLAY).await();
        h.record(slowReconnect(h, "session_held")).await();

        await().atMost(Duration.ofSeconds(10)).until(() -> "reconnecting".equals(h.status().await().getString("status")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !requested.isEmpty());
        String requestId = requested.get(0).getString("requestId");
        h.decide(requestId, Decision.allow(null, "bob", "cli")).await();
        h.simulator.scenarioFinished("session_held").await();
        vertx.undeploy(h.recorder.deploymentID()).await();

        assertThat(requested).hasSize(1); // the replayed can_use_tool was not a second prompt
        List<String> received = h.simulator.receivedFrames("session_held").stream().map(ReceivedFrame::text).toList();
        assertThat(received).hasSize(1);
        assertThat(new JsonObject(received.get(0)).getJsonObject("response").getString("request_id")).isEqualTo(requestId);
        List<EntryKind> kinds = kinds(h.journal("session_held"));
        int decided = kinds.indexOf(EntryKind.PERMISSION_DECIDED);
        int reconnected = kinds.lastIndexOf(EntryKind.CONNECTED);
        int sent = kinds.indexOf(EntryKind.FRAME_SENT);
        assertThat(decided).isLessThan(reconnected);
        assertThat(sent).isGreaterThan(reconnected);
        ctx.completeNow();
    }

    @Test
    @DisplayName("A pending request replayed after a reconnect is not a new prompt, and one answer reaches the session")
    void replayedPendingIsNotNew(Vertx vertx, VertxTestContext ctx) throws Throwable {
        RecordingHarness h = new RecordingHarness(vertx, root);
        List<JsonObject> requested = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.PERMISSIONS_REQUESTED, m -> requested.add(m.body()));
        h.startSimulator("session_replay", DROP_THEN_REPLAY).await();
        h.record(h.settings("session_replay")).await();
        // wait for the replayed copy to be journaled: the request frame appears twice
        await().atMost(Duration.ofSeconds(10)).until(() -> h.journal("session_replay").stream()
                .filter(e -> e.kind() == EntryKind.FRAME_RECEIVED && e.payloadText().contains("can_use_tool")).count() == 2);
        h.decide(requested.get(0).getString("requestId"), Decision.allow(null, "bob", "cli")).await();
        h.simulator.scenarioFinished("session_replay").await();

        assertThat(requested).hasSize(1);
        assertThat(h.simulator.receivedFrames("session_replay")).hasSize(1);
        List<JournalEntry> journal = h.journal("session_replay");
        assertThat(journal.stream().filter(e -> e.kind() == EntryKind.PERMISSION_DECIDED).count()).isEqualTo(1);
        ctx.completeNow();
    }
}
