package dev.blackbox.recorder.session;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
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
import java.util.List;

import static dev.blackbox.recorder.session.RecordingHarness.inline;
import static dev.blackbox.recorder.session.RecordingHarness.kinds;
import static dev.blackbox.recorder.session.RecordingHarness.payloads;
import static dev.blackbox.recorder.session.SessionRecorderTest.INIT;
import static dev.blackbox.recorder.session.SessionRecorderTest.RESULT;
import static dev.blackbox.recorder.session.SessionRecorderTest.STOP;
import static org.assertj.core.api.Assertions.assertThat;

/** Keeping the subscription alive: pings, the unresponsive-session watchdog, forced reconnects. */
@ExtendWith(VertxExtension.class)
class KeepAliveTest {

    @TempDir
    Path root;

    @Test
    @DisplayName("A ping goes out every 30 s while connected")
    void pings(Vertx vertx, VertxTestContext ctx) {
        RecordingHarness h = new RecordingHarness(vertx, root);
        h.startSimulator("session_ping", inline("ping", INIT, "{\"await_user_message\":{}}", STOP))
                .compose(s -> h.record(h.settings("session_ping"))) // 30 s scaled to 300 ms
                .compose(r -> h.simulator.session("session_ping").when(l -> l.pingCount() >= 3))
                .onComplete(ctx.succeedingThenComplete());
    }

    @Test
    @DisplayName("Silence after a posted message makes the watchdog force a reconnect, and the session goes on")
    void watchdogReconnects(Vertx vertx, VertxTestContext ctx) {
        RecordingHarness h = new RecordingHarness(vertx, root);
        Scenario stale = inline("stale", INIT, "{\"go_stale\":{}}", "{\"await_user_message\":{}}", RESULT, STOP);
        h.startSimulator("session_stale", stale)
                .compose(s -> h.record(h.settings("session_stale")))
                .compose(r -> h.simulator.session("session_stale").when(l -> l.sentCount() >= 1))
                .compose(v -> h.send("are you there?", "tester"))
                .compose(v -> h.simulator.scenarioFinished("session_stale"))
                .compose(v -> h.framesJournaled("session_stale"))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    List<JournalEntry> journal = h.journal("session_stale");
                    JsonObject forced = journal.stream().filter(e -> e.kind() == EntryKind.RECONNECTING)
                            .map(e -> new JsonObject(e.payloadText())).findFirst().orElseThrow();
                    assertThat(forced.getBoolean("forced")).isTrue();
                    assertThat(forced.getLong("delayMs")).isEqualTo(5); // 500 ms scaled
                    assertThat(forced.getString("closeReason")).contains("no frame for 600 ms"); // 60 s scaled
                    assertThat(kinds(journal).stream().filter(k -> k == EntryKind.CONNECTED).count()).isEqualTo(2);
                    assertThat(payloads(journal, EntryKind.FRAME_RECEIVED)).last().asString().contains("\"type\":\"result\"");
                    assertThat(h.simulator.subscribeAttempts("session_stale")).hasSize(2);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("While the last status was 'compacting' the watchdog waits 180 s instead of 60 s")
    void compactingWatchdog(Vertx vertx, VertxTestContext ctx) {
        RecordingHarness h = new RecordingHarness(vertx, root);
        Scenario compacting = inline("compacting", INIT,
                "{\"send\":{\"type\":\"system\",\"subtype\":\"status\",\"status\":\"compacting\",\"session_id\":\"${session_id}\",\"uuid\":\"${uuid}\"}}",
                "{\"go_stale\":{}}", "{\"await_user_message\":{}}", RESULT, STOP);
        h.startSimulator("session_compact", compacting)
                .compose(s -> h.record(h.settings("session_compact")))
                .compose(r -> h.simulator.session("session_compact").when(l -> l.sentCount() >= 2))
                .compose(v -> h.framesJournaled("session_compact"))
                .compose(v -> h.send("still there?", "tester"))
                .compose(v -> h.simulator.scenarioFinished("session_compact"))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    JsonObject forced = h.journal("session_compact").stream().filter(e -> e.kind() == EntryKind.RECONNECTING)
                            .map(e -> new JsonObject(e.payloadText())).findFirst().orElseThrow();
                    assertThat(forced.getString("closeReason")).contains("no frame for 1800 ms"); // 180 s scaled
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("A forced reconnect closes silently, resets the counters and reconnects after 500 ms")
    void forcedReconnect(Vertx vertx, VertxTestContext ctx) {
        RecordingHarness h = new RecordingHarness(vertx, root);
        h.startSimulator("session_force", inline("force", INIT, "{\"await_user_message\":{}}", STOP))
                .compose(s -> h.record(h.settings("session_force")))
                .compose(r -> h.simulator.session("session_force").when(l -> l.sentCount() >= 1))
                .compose(v -> h.reconnect())
                .compose(v -> h.simulator.session("session_force").when(l -> l.subscribeAttempts().size() == 2))
                // the service may see the new subscribe before it has processed the old socket's close frame
                .compose(v -> h.until(() -> h.simulator.subscribeAttempts("session_force").get(0).clientCloseCode() != null))
                .onComplete(ctx.succeeding(status -> ctx.verify(() -> {
                    assertThat(h.simulator.subscribeAttempts("session_force").get(0).clientCloseCode()).isEqualTo(1000);
                    List<EntryKind> kinds = kinds(h.journal("session_force"));
                    assertThat(kinds).contains(EntryKind.RECONNECTING).doesNotContain(EntryKind.DISCONNECTED);
                    ctx.completeNow();
                })));
    }
}
