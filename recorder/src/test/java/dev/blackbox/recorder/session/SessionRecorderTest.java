package dev.blackbox.recorder.session;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalVerifier;
import dev.blackbox.recorder.permissions.Decision;
import dev.blackbox.recorder.remote.ReconnectMode;
import dev.blackbox.recorder.remote.ReconnectTimings;
import dev.blackbox.simulator.observe.ReceivedFrame;
import dev.blackbox.simulator.observe.RecordedRequest;
import dev.blackbox.simulator.observe.SentFrame;
import dev.blackbox.simulator.observe.SubscribeAttempt;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static dev.blackbox.recorder.session.RecordingHarness.inline;
import static dev.blackbox.recorder.session.RecordingHarness.kinds;
import static dev.blackbox.recorder.session.RecordingHarness.payloads;
import static org.assertj.core.api.Assertions.assertThat;

/** The recorder against the real simulator over loopback sockets: PROTOCOL.md 10A, point by point. */
@ExtendWith(VertxExtension.class)
class SessionRecorderTest {

    @TempDir
    Path root;

    static final String INIT = "{\"send\":{\"type\":\"system\",\"subtype\":\"init\",\"cwd\":\"/work\",\"session_id\":\"${session_id}\","
            + "\"tools\":[\"Bash\",\"Edit\"],\"model\":\"claude-opus-5-5\",\"permissionMode\":\"default\",\"uuid\":\"${uuid}\"}}";
    static final String TOOL_USE = "{\"send\":{\"type\":\"assistant\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-opus-5-5\",\"content\":[{\"type\":\"tool_use\",\"id\":\"${uuid:tu1}\",\"name\":\"Bash\",\"input\":{\"command\":\"ls\"}}],"
            + "\"stop_reason\":null,\"usage\":{\"input_tokens\":42,\"output_tokens\":7}},\"parent_tool_use_id\":null,"
            + "\"session_id\":\"${session_id}\",\"uuid\":\"${uuid}\"}}";
    static final String CAN_USE_TOOL = "{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:r1}\",\"request\":{\"subtype\":\"can_use_tool\","
            + "\"tool_name\":\"Bash\",\"display_name\":\"Bash\",\"input\":{\"command\":\"ls\"},\"tool_use_id\":\"${uuid:tu1}\"}}}";
    static final String RESULT = "{\"send\":{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"num_turns\":1,\"result\":\"done\","
            + "\"total_cost_usd\":0.0123,\"usage\":{\"input_tokens\":42,\"output_tokens\":7},\"session_id\":\"${session_id}\",\"uuid\":\"${uuid}\"}}";
    static final String STOP = "{\"stop\":{}}";

    private static void allowEverything(Vertx vertx, RecordingHarness h) {
        vertx.eventBus().<JsonObject>consumer(Addresses.PERMISSIONS_REQUESTED, m ->
                h.decide(m.body().getString("requestId"), Decision.allow(null, "tester", "test")));
    }

    @Test
    @DisplayName("The journal holds exactly the frames the simulator sent, byte for byte, and every answer is journaled before it is sent")
    void journalsEverythingWriteFirst(Vertx vertx, VertxTestContext ctx) {
        RecordingHarness h = new RecordingHarness(vertx, root);
        allowEverything(vertx, h);
        Scenario scenario = inline("exact", INIT, TOOL_USE, CAN_USE_TOOL,
                "{\"await_permission\":{\"request_id\":\"${uuid:r1}\",\"on_allow\":[{\"send\":{\"type\":\"user\",\"message\":{\"role\":\"user\","
                        + "\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"${uuid:tu1}\",\"content\":\"a b c\",\"is_error\":false}]},"
                        + "\"parent_tool_use_id\":null,\"session_id\":\"${session_id}\",\"uuid\":\"${uuid}\"}}]}}",
                "{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:e1}\",\"request\":{\"subtype\":\"elicitation\",\"mcp_server_name\":\"x\",\"message\":\"?\"}}}",
                "{\"await_response\":{\"request_id\":\"${uuid:e1}\"}}",
                RESULT, STOP);
        h.startSimulator("session_exact", scenario)
                .compose(s -> h.record(h.settings("session_exact")))
                .compose(r -> h.scenarioRecorded("session_exact"))
                .compose(v -> vertx.undeploy(h.recorder.deploymentID()))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    List<JournalEntry> journal = h.journal("session_exact");
                    assertThat(kinds(journal).subList(0, 3))
                            .containsExactly(EntryKind.RECORDING_STARTED, EntryKind.CONNECTING, EntryKind.CONNECTED);
                    assertThat(journal.get(journal.size() - 2).kind()).isEqualTo(EntryKind.RECORDING_STOPPED);
                    assertThat(journal.get(journal.size() - 1).kind()).as("the seal").isEqualTo(EntryKind.CHECKPOINT);

                    assertThat(payloads(journal, EntryKind.FRAME_RECEIVED)).isEqualTo(h.simulator.sentTexts("session_exact"));
                    List<String> received = h.simulator.receivedFrames("session_exact").stream().map(ReceivedFrame::text).toList();
                    assertThat(payloads(journal, EntryKind.FRAME_SENT)).isEqualTo(received);
                    assertThat(received).hasSize(2);
                    assertThat(new JsonObject(received.get(0)).getJsonObject("response").getJsonObject("response").encode())
                            .isEqualTo("{\"behavior\":\"allow\",\"updatedInput\":{\"command\":\"ls\"}}");
                    assertThat(new JsonObject(received.get(1)).getJsonObject("response").getString("error"))
                            .isEqualTo("Unsupported control request subtype: elicitation");

                    int decided = kinds(journal).indexOf(EntryKind.PERMISSION_DECIDED);
                    int sent = kinds(journal).indexOf(EntryKind.FRAME_SENT);
                    assertThat(decided).isPositive().isLessThan(sent);
                    JsonObject decision = new JsonObject(journal.get(decided).payloadText());
                    assertThat(decision.getString("decidedBy")).isEqualTo("tester");
                    assertThat(decision.getString("toolName")).isEqualTo("Bash");

                    assertThat(JournalVerifier.verify(root, "session_exact").ok()).isTrue();
                    assertNoTokenUnder(root);
                    SubscribeAttempt attempt = h.simulator.subscribeAttempts("session_exact").get(0);
                    assertThat(attempt.bearerMatched()).isTrue();
                    assertThat(attempt.header("anthropic-version")).isEqualTo("2023-06-01");
                    assertThat(attempt.organization()).isEqualTo(RecordingHarness.ORG);
                    ctx.completeNow();
                })));
    }

    static void assertNoTokenUnder(Path dir) throws IOException {
        byte[] token = RecordingHarness.TOKEN.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(indexOf(Files.readAllBytes(f), token)).as("token in %s", f).isEqualTo(-1);
            }
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    @DisplayName("Close 4003 (bad token) stops at once: no retry, journaled as a permanent disconnect")
    void unauthorizedStops(Vertx vertx, VertxTestContext ctx) {
        RecordingHarness h = new RecordingHarness(vertx, root);
        h.startSimulator("session_auth", inline("auth", INIT, STOP))
                .compose(s -> h.record(h.settings("session_auth", "wrong-token", false, ReconnectMode.PERSISTENT)))
                .compose(SessionRecorderVerticle::ended)
                .onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
                    assertThat(outcome).isEqualTo(RecordingOutcome.UNAUTHORIZED);
                    List<SubscribeAttempt> attempts = h.simulator.subscribeAttempts("session_auth");
                    assertThat(attempts).hasSize(1);
                    assertThat(attempts.get(0).closeCode()).isEqualTo(4003);
                    List<JournalEntry> journal = h.journal("session_auth");
                    JournalEntry disconnected = journal.stream().filter(e -> e.kind() == EntryKind.DISCONNECTED).findFirst().orElseThrow();
                    assertThat(new JsonObject(disconnected.payloadText()).getBoolean("permanent")).isTrue();
                    assertThat(kinds(journal)).doesNotContain(EntryKind.RECONNECTING);
                    assertThat(journal.get(journal.size() - 2).kind()).isEqualTo(EntryKind.RECORDING_STOPPED);
                    assertThat(journal.get(journal.size() - 1).kind()).as("the seal").isEqualTo(EntryKind.CHECKPOINT);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("Close 4001 (session not found) is retried 3 times after 2, 4 and 6 s, then the recorder gives up")
    void notFoundRetried(Vertx vertx, VertxTestContext ctx) {
        RecordingHarness h = new RecordingHarness(vertx, root);
        h.startSimulator("session_known", inline("known", INIT, STOP))
                .compose(s -> h.record(h.settings("session_unknown")))
                .compose(SessionRecorderVerticle::ended)
                .onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
                    assertThat(outcome).isEqualTo(RecordingOutcome.GAVE_UP);
                    assertThat(h.simulator.subscribeAttempts("session_unknown")).hasSize(4)
                            .allMatch(a -> a.closeCode() == 4001);
                    List<Long> delays = h.journal("session_unknown").stream().filter(e -> e.kind() == EntryKind.RECONNECTING)
                            .map(e -> new JsonObject(e.payloadText()).getLong("delayMs")).toList();
                    assertThat(delays).containsExactly(20L, 40L, 60L); // 2, 4, 6 s scaled by 0.01
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("A dropped open connection is retried once after 2 s; the counter resets on each open; frames stay exact across reconnects")
    void dropRetriedCountersReset(Vertx vertx, VertxTestContext ctx) {
        RecordingHarness h = new RecordingHarness(vertx, root);
        h.startSimulator("session_drop", inline("drop", INIT,
                        "{\"close\":{\"code\":1000,\"reason\":\"bye\"}}", TOOL_USE,
                        "{\"close\":{\"code\":1011,\"reason\":\"oops\"}}", RESULT, STOP))
                .compose(s -> h.record(h.settings("session_drop", RecordingHarness.TOKEN, false, ReconnectMode.UPSTREAM)))
                .compose(r -> h.scenarioRecorded("session_drop"))
                .compose(v -> vertx.undeploy(h.recorder.deploymentID()))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    List<JournalEntry> journal = h.journal("session_drop");
                    List<JsonObject> reconnects = journal.stream().filter(e -> e.kind() == EntryKind.RECONNECTING)
                            .map(e -> new JsonObject(e.payloadText())).toList();
                    assertThat(reconnects).hasSize(2);
                    assertThat(reconnects).allMatch(r -> r.getInteger("attempt") == 1 && r.getLong("delayMs") == 20);
                    assertThat(reconnects.get(0).getInteger("closeCode")).isEqualTo(1000);
                    assertThat(reconnects.get(1).getInteger("closeCode")).isEqualTo(1011);
                    assertThat(kinds(journal).stream().filter(k -> k == EntryKind.CONNECTED).count()).isEqualTo(3);
                    assertThat(payloads(journal, EntryKind.FRAME_RECEIVED)).isEqualTo(h.simulator.sentTexts("session_drop"));
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("Upstream mode gives up when the retry fails before opening; persistent mode keeps trying and comes back")
    void retryFailingBeforeOpen(Vertx vertx, VertxTestContext ctx) {
        RecordingHarness upstream = new RecordingHarness(vertx, root);
        upstream.startSimulator("session_gone", inline("gone", INIT, "{\"await_user_message\":{}}", STOP))
                .compose(s -> upstream.record(upstream.settings("session_gone", RecordingHarness.TOKEN, false, ReconnectMode.UPSTREAM)))
                .compose(r -> upstream.simulator.session("session_gone").when(l -> l.sentCount() >= 1))
                .compose(v -> upstream.simulator.stop()) // the service vanishes: the retry is refused before it opens
                .compose(v -> upstream.recorder.ended())
                .onComplete(ctx.succeeding(outcome -> ctx.verify(() -> {
                    assertThat(outcome).isEqualTo(RecordingOutcome.GAVE_UP);
                    List<EntryKind> kinds = kinds(upstream.journal("session_gone"));
                    assertThat(kinds.stream().filter(k -> k == EntryKind.CONNECTING).count()).isEqualTo(2);
                    assertThat(kinds).contains(EntryKind.DISCONNECTED);
                    persistentComesBack(vertx, ctx);
                })));
    }

    private void persistentComesBack(Vertx vertx, VertxTestContext ctx) {
        RecordingHarness h = new RecordingHarness(vertx, root);
        AtomicInteger port = new AtomicInteger();
        Scenario scenario = inline("back", INIT, "{\"await_user_message\":{}}", STOP);
        h.startSimulator("session_back", scenario)
                .compose(s -> {
                    port.set(s.port());
                    return h.record(h.settings("session_back"));
                })
                .compose(r -> h.simulator.session("session_back").when(l -> l.sentCount() >= 1))
                .compose(v -> h.simulator.stop())
                .compose(v -> h.until(() -> h.count("session_back", EntryKind.CONNECTION_ERROR) >= 2)) // it keeps trying
                .compose(v -> h.startSimulator(dev.blackbox.simulator.SimulatorConfig.of(RecordingHarness.TOKEN, RecordingHarness.ORG,
                        "session_back", scenario).withTimeScale(RecordingHarness.SCALE).withPort(port.get())))
                .compose(s -> s.session("session_back").when(l -> l.sentCount() >= 1))
                // the service's first frame after it came back is journaled (so is the connect before it)
                .compose(v -> h.until(() -> h.count("session_back", EntryKind.FRAME_RECEIVED) >= 2))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    List<EntryKind> kinds = kinds(h.journal("session_back"));
                    assertThat(kinds.stream().filter(k -> k == EntryKind.CONNECTED).count()).isEqualTo(2);
                    assertThat(kinds.stream().filter(k -> k == EntryKind.CONNECTION_ERROR).count()).isGreaterThanOrEqualTo(2);
                    assertThat(kinds).doesNotContain(EntryKind.DISCONNECTED);
                    assertThat(h.recorder.ended().isComplete()).isFalse();
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("A viewer-only recorder sends nothing: no answers, no error replies, no messages, no interrupts")
    void viewerOnlySendsNothing(Vertx vertx, VertxTestContext ctx) {
        RecordingHarness h = new RecordingHarness(vertx, root);
        Scenario scenario = inline("viewer", INIT, TOOL_USE, CAN_USE_TOOL,
                "{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:e1}\",\"request\":{\"subtype\":\"hook_callback\",\"callback_id\":\"c\"}}}",
                "{\"await_user_message\":{}}", RESULT, STOP);
        h.startSimulator("session_view", scenario)
                .compose(s -> h.record(h.settings("session_view", RecordingHarness.TOKEN, true, ReconnectMode.PERSISTENT)))
                .compose(r -> h.simulator.session("session_view").when(l -> l.sentCount() >= 4))
                .compose(v -> h.framesJournaled("session_view"))
                .compose(v -> h.pending())
                .compose(pending -> {
                    ctx.verify(() -> assertThat(pending).hasSize(1));
                    return h.decide(pending.get(0).getString("requestId"), Decision.allow(null, "tester", "test"));
                })
                .recover(e -> {
                    ctx.verify(() -> assertThat(((ReplyException) e).failureCode()).isEqualTo(409));
                    return h.send("hello", "tester").map(0L);
                })
                .recover(e -> {
                    ctx.verify(() -> assertThat(e.getMessage()).contains("viewer-only"));
                    return h.interrupt("tester").map(0L);
                })
                .recover(e -> {
                    ctx.verify(() -> assertThat(e.getMessage()).contains("viewer-only"));
                    return vertx.undeploy(h.recorder.deploymentID()).map(0L);
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertThat(h.simulator.receivedFrames("session_view")).isEmpty();
                    assertThat(h.simulator.posts("session_view")).isEmpty();
                    List<JournalEntry> journal = h.journal("session_view");
                    assertThat(kinds(journal)).doesNotContain(EntryKind.FRAME_SENT, EntryKind.PERMISSION_DECIDED)
                            .contains(EntryKind.DECISION_REFUSED);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("Malformed, non-JSON, binary and 16 MiB frames are all journaled as received, and recording goes on")
    void malformedFramesRecorded(Vertx vertx, VertxTestContext ctx) {
        RecordingHarness h = new RecordingHarness(vertx, root);
        Scenario scenario = inline("bad", INIT,
                "{\"send_raw\":\"this is {not json\"}",
                "{\"send_raw\":\"{\\\"no\\\":\\\"type\\\"}\"}",
                "{\"send_raw\":\"[1,2,3]\"}",
                "{\"send_binary\":\"AAEC/w==\"}",
                "{\"send_huge\":{\"bytes\":16777216}}",
                "{\"send\":{\"type\":\"brand_new_type\",\"future_field\":{\"x\":1}}}",
                RESULT, STOP);
        h.startSimulator("session_bad", scenario)
                .compose(s -> h.record(h.settings("session_bad")))
                .compose(r -> h.scenarioRecorded("session_bad"))
                .compose(v -> h.status())
                .compose(status -> {
                    ctx.verify(() -> {
                        assertThat(status.getString("status")).isEqualTo("connected");
                        assertThat(status.getLong("malformed")).isEqualTo(4);
                    });
                    return vertx.undeploy(h.recorder.deploymentID());
                })
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    List<JournalEntry> journal = h.journal("session_bad");
                    List<SentFrame> sent = h.simulator.sentFrames("session_bad");
                    List<JournalEntry> frames = journal.stream().filter(e -> e.kind() == EntryKind.FRAME_RECEIVED
                            || e.kind() == EntryKind.FRAME_RECEIVED_BINARY).toList();
                    assertThat(frames).hasSize(sent.size());
                    for (int i = 0; i < sent.size(); i++) {
                        assertThat(frames.get(i).kind()).isEqualTo(sent.get(i).isBinary() ? EntryKind.FRAME_RECEIVED_BINARY : EntryKind.FRAME_RECEIVED);
                        assertThat(frames.get(i).payload()).isEqualTo(sent.get(i).bytes());
                    }
                    assertThat(frames.stream().mapToInt(e -> e.payload().length).max().orElse(0)).isEqualTo(16 * 1024 * 1024);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("An interrupt is journaled with who asked, before the control_request reaches the session")
    void interruptJournaledFirst(Vertx vertx, VertxTestContext ctx) {
        RecordingHarness h = new RecordingHarness(vertx, root);
        h.startSimulator("session_int", inline("int", INIT, "{\"await_user_message\":{}}", STOP))
                .compose(s -> h.record(h.settings("session_int")))
                .compose(r -> h.simulator.session("session_int").when(l -> l.sentCount() >= 1))
                .compose(v -> h.interrupt("alice"))
                .compose(id -> h.simulator.session("session_int").when(l -> !l.receivedFrames().isEmpty()).map(id))
                .onComplete(ctx.succeeding(id -> ctx.verify(() -> {
                    JsonObject frame = new JsonObject(h.simulator.receivedFrames("session_int").get(0).text());
                    assertThat(frame.getString("type")).isEqualTo("control_request");
                    assertThat(frame.getString("request_id")).isEqualTo(id);
                    assertThat(frame.getJsonObject("request").getString("subtype")).isEqualTo("interrupt");
                    List<JournalEntry> journal = h.journal("session_int");
                    int asked = kinds(journal).indexOf(EntryKind.INTERRUPT_REQUESTED);
                    assertThat(new JsonObject(journal.get(asked).payloadText()).getString("requestedBy")).isEqualTo("alice");
                    assertThat(asked).isLessThan(kinds(journal).indexOf(EntryKind.FRAME_SENT));
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("--prompt posts one user message once connected, with the sessions API headers and body")
    void initialPromptPosted(Vertx vertx, VertxTestContext ctx) {
        RecordingHarness h = new RecordingHarness(vertx, root);
        h.startSimulator("session_prompt", inline("prompt", INIT, "{\"await_user_message\":{}}", RESULT, STOP))
                .compose(s -> {
                    return h.record(h.settings("session_prompt", RecordingHarness.TOKEN, false, ReconnectMode.PERSISTENT,
                            ReconnectTimings.upstream().scaled(RecordingHarness.SCALE), "Refactor the parser"));
                })
                .compose(r -> h.simulator.scenarioFinished("session_prompt"))
                .compose(v -> h.until(() -> h.count("session_prompt", EntryKind.MESSAGE_POSTED) > 0))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    List<RecordedRequest> posts = h.simulator.posts("session_prompt");
                    assertThat(posts).hasSize(1);
                    RecordedRequest post = posts.get(0);
                    assertThat(post.bearerMatched()).isTrue();
                    assertThat(post.header("anthropic-version")).isEqualTo("2023-06-01");
                    assertThat(post.header("anthropic-beta")).isEqualTo("ccr-byoc-2025-07-29");
                    assertThat(post.header("x-organization-uuid")).isEqualTo(RecordingHarness.ORG);
                    JsonObject event = new JsonObject(post.body()).getJsonArray("events").getJsonObject(0);
                    assertThat(event.getString("type")).isEqualTo("user");
                    assertThat(event.getString("session_id")).isEqualTo("session_prompt");
                    assertThat(event.getJsonObject("message").getString("content")).isEqualTo("Refactor the parser");
                    List<JournalEntry> journal = h.journal("session_prompt");
                    JsonObject posted = new JsonObject(payloads(journal, EntryKind.MESSAGE_POSTED).get(0));
                    assertThat(posted.getString("uuid")).isEqualTo(event.getString("uuid"));
                    assertThat(posted.getInteger("httpStatus")).isEqualTo(200);
                    assertThat(posted.getBoolean("ok")).isTrue();
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("A frame above the 32 MiB limit drops the connection; the error is journaled and the recorder reconnects")
    void oversizedFrame(Vertx vertx, VertxTestContext ctx) {
        RecordingHarness h = new RecordingHarness(vertx, root);
        h.startSimulator("session_big", inline("big", INIT, "{\"send_huge\":{\"bytes\":40000000}}", "{\"await_user_message\":{}}", STOP))
                .compose(s -> h.record(h.settings("session_big")))
                .compose(r -> h.until(() -> h.count("session_big", EntryKind.CONNECTED) >= 2))
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    List<JournalEntry> journal = h.journal("session_big");
                    assertThat(payloads(journal, EntryKind.CONNECTION_ERROR)).anyMatch(m -> m.contains("Max frame length"));
                    assertThat(kinds(journal)).contains(EntryKind.RECONNECTING).doesNotContain(EntryKind.DISCONNECTED);
                    assertThat(journal.stream().filter(e -> e.kind() == EntryKind.FRAME_RECEIVED)
                            .mapToInt(e -> e.payload().length).max().orElse(0)).isLessThan(1_000_000);
                    ctx.completeNow();
                })));
    }

}
