package dev.blackbox.recorder.session;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.recorder.permissions.Decision;
import dev.blackbox.recorder.remote.ReconnectMode;
import dev.blackbox.recorder.remote.ReconnectTimings;
import dev.blackbox.recorder.remote.RemoteSession;
import dev.blackbox.recorder.remote.TokenSource;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The recorder reads the socket on one event loop and journals on another (its own): write first,
 * then act, must hold across that hand-over, under backpressure, and at the close.
 */
@ExtendWith(VertxExtension.class)
class WriteFirstAcrossThreadsTest {

    @TempDir
    Path root;

    private static final String TOKEN = "sk-ant-oat01-test-write-first";
    private static final String ORG = "5fa8c2b4-1111-4222-8333-944455556666";

    @Test
    @DisplayName("A burst faster than the journal, closed at once with 4003: every frame is journaled, in order, byte for byte, before the close")
    void burstThenCloseLosesNothing(Vertx vertx) {
        List<byte[]> burst = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            char[] text = new char[48 * 1024];
            Arrays.fill(text, (char) ('a' + i % 26));
            burst.add(("{\"type\":\"stream_event\",\"uuid\":\"" + i + "\",\"event\":{\"type\":\"content_block_delta\",\"delta\":{\"text\":\""
                    + new String(text) + "\"}}}").getBytes(StandardCharsets.UTF_8));
        }
        HttpServer service = vertx.createHttpServer().webSocketHandler(ws -> {
            for (byte[] frame : burst) {
                ws.writeTextMessage(new String(frame, StandardCharsets.UTF_8));
            }
            ws.close((short) 4003, "unauthorized"); // queued behind the ~19 MB of frames
        }).listen(0, "127.0.0.1").await();
        SessionRecorderVerticle recorder = new SessionRecorderVerticle(remote("session_burst", service.actualPort()));
        vertx.deployVerticle(recorder).await();

        assertThat(recorder.ended().await()).isEqualTo(RecordingOutcome.UNAUTHORIZED);
        List<JournalEntry> journal = read("session_burst");
        List<byte[]> received = journal.stream().filter(e -> e.kind() == EntryKind.FRAME_RECEIVED).map(JournalEntry::payload).toList();
        assertThat(received).hasSize(burst.size());
        for (int i = 0; i < burst.size(); i++) {
            assertThat(received.get(i)).as("frame %d", i).isEqualTo(burst.get(i));
        }
        List<EntryKind> kinds = journal.stream().map(JournalEntry::kind).toList();
        assertThat(kinds.lastIndexOf(EntryKind.FRAME_RECEIVED)).isLessThan(kinds.indexOf(EntryKind.DISCONNECTED));
    }

    @Test
    @DisplayName("A can_use_tool is routed only once its frame is in the journal, and its answer reaches the transport only after PERMISSION_DECIDED and FRAME_SENT are")
    void journaledBeforeRoutedAndBeforeSent(Vertx vertx) {
        String requestId = "0b5a1e0c-0000-4000-8000-000000000001";
        String canUseTool = "{\"type\":\"control_request\",\"request_id\":\"" + requestId + "\",\"request\":{\"subtype\":\"can_use_tool\","
                + "\"tool_name\":\"Bash\",\"input\":{\"command\":\"ls\"},\"tool_use_id\":\"toolu_1\"}}";
        List<String> atRouting = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.PERMISSIONS_REQUESTED, m -> {
            long seq = m.body().getLong("journalSeq");
            JournalEntry routed = read("session_order").stream().filter(e -> e.seq() == seq).findFirst().orElse(null);
            atRouting.add(routed == null ? "not in the journal" : routed.kind() + " " + routed.payloadText());
            vertx.eventBus().request(Addresses.decide("session_order"), new JsonObject().put("requestId", requestId)
                    .put("behavior", Decision.Behavior.ALLOW.wire()).put("decidedBy", "tester").put("via", "test"));
        });
        InProcessTransport transport = new InProcessTransport(() -> read("session_order"));
        SessionRecorderVerticle recorder = new SessionRecorderVerticle(
                new SessionSettings("session_order", root, false, null, (vx, id) -> transport));
        vertx.deployVerticle(recorder).await();
        await().atMost(Duration.ofSeconds(10)).until(transport::isOpen);

        transport.receive(canUseTool);
        await().atMost(Duration.ofSeconds(10)).until(() -> !transport.journalAtSend.isEmpty());

        assertThat(atRouting).containsExactly(EntryKind.FRAME_RECEIVED + " " + canUseTool);
        Map.Entry<String, List<JournalEntry>> sent = transport.journalAtSend.get(0);
        assertThat(new JsonObject(sent.getKey()).getJsonObject("response").getString("request_id")).isEqualTo(requestId);
        List<JournalEntry> before = sent.getValue();
        assertThat(before).anyMatch(e -> e.kind() == EntryKind.PERMISSION_DECIDED && e.payloadText().contains(requestId));
        assertThat(before).anyMatch(e -> e.kind() == EntryKind.FRAME_SENT && e.payloadText().equals(sent.getKey()));
        vertx.undeploy(recorder.deploymentID()).await();
    }

    private SessionSettings remote(String sessionId, int port) {
        return new SessionSettings(sessionId, root, false, null, new RemoteSession(URI.create("http://127.0.0.1:" + port), ORG,
                TokenSource.of(TOKEN), ReconnectMode.PERSISTENT, ReconnectTimings.upstream()));
    }

    private List<JournalEntry> read(String sessionId) {
        List<JournalEntry> out = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(root, sessionId)) {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                out.add(e);
            }
        }
        return out;
    }
}
