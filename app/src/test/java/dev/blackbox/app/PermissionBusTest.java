package dev.blackbox.app;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.recorder.permissions.Policy;
import dev.blackbox.recorder.permissions.PolicyVerticle;
import dev.blackbox.recorder.remote.ReconnectMode;
import dev.blackbox.recorder.remote.ReconnectTimings;
import dev.blackbox.recorder.remote.RemoteSession;
import dev.blackbox.recorder.remote.TokenSource;
import dev.blackbox.recorder.session.SessionSettings;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.observe.ReceivedFrame;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The event-bus control plane in one process (DESIGN.md section 3), as the one assembly deploys it:
 * people, policies and timeouts answering a session the simulator runs. In every case the simulator
 * receives exactly the frames it should, and the journal has each decision before the frame that
 * carries it.
 */
@ExtendWith(VertxExtension.class)
class PermissionBusTest {

    static final String TOKEN = "test-token";
    static final String ORG = "11111111-2222-4333-8444-555555555555";
    static final String SESSION = "session_bus";

    @TempDir
    Path root;

    Vertx vertx;
    Simulator simulator;
    Blackbox blackbox;
    final List<JsonObject> requested = new CopyOnWriteArrayList<>();
    final List<JsonObject> resolved = new CopyOnWriteArrayList<>();
    final List<JsonObject> cancelled = new CopyOnWriteArrayList<>();

    /** A turn asking for Bash {command}; the tool result or a denial follows the answer; then the session waits. */
    static Scenario askBash(String command, String... extraSteps) {
        List<String> lines = new ArrayList<>(List.of(
                "{\"send\":{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"${session_id}\",\"model\":\"claude-opus-5-5\",\"uuid\":\"${uuid}\"}}",
                "{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:r1}\",\"request\":{\"subtype\":\"can_use_tool\",\"tool_name\":\"Bash\","
                        + "\"input\":{\"command\":\"" + command + "\",\"description\":\"d\"},\"tool_use_id\":\"${uuid:tu1}\"}}}"));
        lines.addAll(List.of(extraSteps));
        lines.add("{\"await_user_message\":{}}");
        lines.add("{\"stop\":{}}");
        return Scenario.parse("bus", String.join("\n", lines));
    }

    void start(Vertx vertx, Scenario scenario, boolean viewerOnly, Policy policy) throws Throwable {
        startSimulator(vertx, scenario);
        Blackbox.Plan plan = Blackbox.Plan.record(List.of(session(viewerOnly)));
        blackbox = Blackbox.start(vertx, policy == null ? plan : plan.withPolicy(policy)).await();
    }

    void startSimulator(Vertx vertx, Scenario scenario) {
        this.vertx = vertx;
        vertx.eventBus().<JsonObject>consumer(Addresses.PERMISSIONS_REQUESTED, m -> requested.add(m.body()));
        vertx.eventBus().<JsonObject>consumer(Addresses.PERMISSIONS_RESOLVED, m -> resolved.add(m.body()));
        vertx.eventBus().<JsonObject>consumer(Addresses.PERMISSIONS_CANCELLED, m -> cancelled.add(m.body()));
        simulator = Simulator.start(vertx, SimulatorConfig.of(TOKEN, ORG, SESSION, scenario).withTimeScale(0.01)).await();
    }

    SessionSettings session(boolean viewerOnly) {
        return new SessionSettings(SESSION, root, viewerOnly, null, new RemoteSession(URI.create(simulator.baseUrl()), ORG,
                TokenSource.of(TOKEN), ReconnectMode.PERSISTENT, ReconnectTimings.upstream().scaled(0.01)));
    }

    String awaitRequest() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !requested.isEmpty());
        return requested.get(0).getString("requestId");
    }

    JsonObject decide(JsonObject body) {
        return vertx.eventBus().<JsonObject>request(Addresses.decide(SESSION), body).await().body();
    }

    ReplyException refused(JsonObject body) {
        try {
            decide(body);
        } catch (ReplyException e) {
            return e;
        }
        throw new AssertionError("expected a refusal for " + body.encode());
    }

    List<JsonObject> answersReceived(int atLeast) {
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.receivedFrames(SESSION).size() >= atLeast);
        return simulator.receivedFrames(SESSION).stream().map(ReceivedFrame::text).map(JsonObject::new).toList();
    }

    List<JournalEntry> journal() {
        List<JournalEntry> out = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(root, SESSION)) {
            for (JournalEntry e; (e = reader.next()) != null; ) {
                out.add(e);
            }
        }
        return out;
    }

    /** The decision entry, checked to come before the FRAME_SENT that carries it. */
    JsonObject decisionJournaledFirst(String requestId) {
        List<JournalEntry> journal = journal();
        int decided = -1;
        int sent = -1;
        for (int i = 0; i < journal.size(); i++) {
            JournalEntry e = journal.get(i);
            if (e.kind() == EntryKind.PERMISSION_DECIDED && e.payloadText().contains(requestId) && decided < 0) {
                decided = i;
            }
            if (e.kind() == EntryKind.FRAME_SENT && e.payloadText().contains(requestId) && sent < 0) {
                sent = i;
            }
        }
        assertThat(decided).as("PERMISSION_DECIDED journaled").isNotNegative();
        assertThat(sent).as("the control_response journaled as sent").isGreaterThan(decided);
        return new JsonObject(journal.get(decided).payloadText());
    }

    static JsonObject answerOf(JsonObject controlResponse) {
        return controlResponse.getJsonObject("response").getJsonObject("response");
    }

    @Test
    @DisplayName("A policy rule allows at once, journaled via policy:RULE before the answer is sent")
    void policyAllows(Vertx vertx) throws Throwable {
        start(vertx, askBash("git status"), false, Policy.parse(new JsonObject(
                "{\"rules\":[{\"name\":\"git read\",\"tool\":\"Bash\",\"input\":{\"command\":\"^git (status|diff)\"},\"decision\":\"allow\"}]}")));
        String id = awaitRequest();
        JsonObject answer = answerOf(answersReceived(1).get(0));
        assertThat(answer.getString("behavior")).isEqualTo("allow");
        assertThat(answer.getJsonObject("updatedInput").getString("command")).isEqualTo("git status");
        JsonObject decision = decisionJournaledFirst(id);
        assertThat(decision.getString("via")).isEqualTo("policy:git read");
        assertThat(decision.getString("decidedBy")).isEqualTo("policy");
        await().until(() -> resolved.size() == 1);
        assertThat(resolved.get(0).getString("via")).isEqualTo("policy:git read");
    }

    @Test
    @DisplayName("A policy rule denies with its message")
    void policyDenies(Vertx vertx) throws Throwable {
        start(vertx, askBash("rm -rf /"), false, Policy.parse(new JsonObject(
                "{\"rules\":[{\"tool\":\"Bash\",\"input\":{\"command\":\"rm -rf\"},\"decision\":\"deny\",\"message\":\"not here\"}]}")));
        String id = awaitRequest();
        JsonObject answer = answerOf(answersReceived(1).get(0));
        assertThat(answer.getString("behavior")).isEqualTo("deny");
        assertThat(answer.getString("message")).isEqualTo("not here");
        assertThat(decisionJournaledFirst(id).getString("via")).isEqualTo("policy:rule 1");
    }

    @Test
    @DisplayName("A person allows with edited input over the bus; the session runs the edited input")
    void personAllowsWithEditedInput(Vertx vertx) throws Throwable {
        start(vertx, askBash("ls"), false, null);
        String id = awaitRequest();
        JsonObject reply = decide(new JsonObject().put("requestId", id).put("behavior", "allow").put("decidedBy", "alice")
                .put("via", "cli").put("updatedInput", new JsonObject().put("command", "ls -la").put("description", "d")));
        assertThat(reply.getLong("journalSeq")).isPositive();
        JsonObject answer = answerOf(answersReceived(1).get(0));
        assertThat(answer.getJsonObject("updatedInput").getString("command")).isEqualTo("ls -la");
        JsonObject decision = decisionJournaledFirst(id);
        assertThat(decision.getString("decidedBy")).isEqualTo("alice");
        assertThat(decision.getString("via")).isEqualTo("cli");
        assertThat(decision.getLong("latencyMicros")).isPositive();
    }

    @Test
    @DisplayName("A person denies over the bus with a message")
    void personDenies(Vertx vertx) throws Throwable {
        start(vertx, askBash("curl evil.example"), false, null);
        String id = awaitRequest();
        decide(new JsonObject().put("requestId", id).put("behavior", "deny").put("decidedBy", "bob").put("message", "no network"));
        JsonObject answer = answerOf(answersReceived(1).get(0));
        assertThat(answer.getString("behavior")).isEqualTo("deny");
        assertThat(answer.getString("message")).isEqualTo("no network");
        assertThat(decisionJournaledFirst(id).getString("via")).isEqualTo("bus");
    }

    @Test
    @DisplayName("A request nobody answers is decided by the timeout: deny with interrupt, journaled via timeout")
    void timeoutDecides(Vertx vertx) throws Throwable {
        start(vertx, askBash("make deploy"), false, Policy.parse(new JsonObject(
                "{\"rules\":[],\"default\":\"ask\",\"timeout\":{\"after\":\"PT0.2S\",\"decision\":\"deny\"}}")));
        String id = awaitRequest();
        JsonObject answer = answerOf(answersReceived(1).get(0));
        assertThat(answer.getString("behavior")).isEqualTo("deny");
        assertThat(answer.getBoolean("interrupt")).isTrue();
        JsonObject decision = decisionJournaledFirst(id);
        assertThat(decision.getString("via")).isEqualTo("timeout");
        assertThat(decision.getBoolean("interrupt")).isTrue();
    }

    @Test
    @DisplayName("A request cancelled by the session cannot be answered: a late answer is refused (409) and journaled")
    void cancelledWhilePending(Vertx vertx) throws Throwable {
        start(vertx, askBash("sleep 100", "{\"pause\":{\"ms\":100}}", "{\"cancel_request\":{\"request_id\":\"${uuid:r1}\"}}"), false, null);
        String id = awaitRequest();
        await().atMost(Duration.ofSeconds(10)).until(() -> cancelled.size() == 1);
        assertThat(cancelled.get(0).getString("requestId")).isEqualTo(id);
        ReplyException e = refused(new JsonObject().put("requestId", id).put("behavior", "allow").put("decidedBy", "late"));
        assertThat(e.failureCode()).isEqualTo(409);
        assertThat(e.getMessage()).contains("cancelled");
        assertThat(simulator.receivedFrames(SESSION)).isEmpty();
        JournalEntry refusal = journal().stream().filter(x -> x.kind() == EntryKind.DECISION_REFUSED).findFirst().orElseThrow();
        assertThat(new JsonObject(refusal.payloadText()).getString("triedBy")).isEqualTo("late");
        assertThat(new JsonObject(refusal.payloadText()).getString("why")).isEqualTo("cancelled");
    }

    @Test
    @DisplayName("Two approvers racing: exactly one wins, the other gets 409, the session gets one answer")
    void racingApprovers(Vertx vertx) throws Throwable {
        start(vertx, askBash("npm test"), false, null);
        String id = awaitRequest();
        Future<io.vertx.core.eventbus.Message<Object>> a = vertx.eventBus().request(Addresses.decide(SESSION),
                new JsonObject().put("requestId", id).put("behavior", "allow").put("decidedBy", "alice"));
        Future<io.vertx.core.eventbus.Message<Object>> b = vertx.eventBus().request(Addresses.decide(SESSION),
                new JsonObject().put("requestId", id).put("behavior", "deny").put("decidedBy", "bob"));
        Future.join(a, b).otherwiseEmpty().await();
        assertThat(List.of(a.succeeded(), b.succeeded())).containsExactlyInAnyOrder(true, false);
        ReplyException loser = (ReplyException) (a.failed() ? a.cause() : b.cause());
        assertThat(loser.failureCode()).isEqualTo(409);
        // both decisions have been replied to, and a frame is journaled before it is written: so the
        // journal already shows every answer the session will ever get for them
        List<EntryKind> kinds = journal().stream().map(JournalEntry::kind).toList();
        assertThat(kinds.stream().filter(k -> k == EntryKind.FRAME_SENT).count()).isEqualTo(1);
        answersReceived(1);
        assertThat(simulator.receivedFrames(SESSION)).hasSize(1);
        assertThat(kinds.stream().filter(k -> k == EntryKind.PERMISSION_DECIDED).count()).isEqualTo(1);
        assertThat(kinds.stream().filter(k -> k == EntryKind.DECISION_REFUSED).count()).isEqualTo(1);
    }

    @Test
    @DisplayName("Invalid decide bodies are refused with 400 naming the field, and journaled")
    void invalidBodies(Vertx vertx) throws Throwable {
        start(vertx, askBash("ls"), false, null);
        String id = awaitRequest();
        assertThat(refused(new JsonObject().put("behavior", "allow").put("decidedBy", "x")).getMessage()).contains("'requestId'");
        assertThat(refused(new JsonObject().put("requestId", id).put("behavior", "allow")).getMessage()).contains("'decidedBy'");
        assertThat(refused(new JsonObject().put("requestId", id).put("decidedBy", "x").put("behavior", "yes")).getMessage()).contains("'behavior'");
        ReplyException e = refused(new JsonObject().put("requestId", id).put("decidedBy", "x").put("behavior", "allow").put("updatedInput", "ls"));
        assertThat(e.failureCode()).isEqualTo(400);
        assertThat(e.getMessage()).contains("'updatedInput'");
        assertThat(refused(new JsonObject().put("requestId", "nope").put("decidedBy", "x").put("behavior", "allow")).failureCode()).isEqualTo(404);
        assertThat(journal().stream().filter(x -> x.kind() == EntryKind.DECISION_REFUSED).count()).isEqualTo(5);
        assertThat(simulator.receivedFrames(SESSION)).isEmpty();
        // still answerable after all that
        decide(new JsonObject().put("requestId", id).put("behavior", "allow").put("decidedBy", "x"));
        answersReceived(1);
    }

    @Test
    @DisplayName("Send and interrupt over the bus reach the session, and the journal names who asked")
    void sendAndInterrupt(Vertx vertx) throws Throwable {
        start(vertx, askBash("ls"), false, null);
        awaitRequest();
        JsonObject sent = vertx.eventBus().<JsonObject>request(Addresses.send(SESSION),
                new JsonObject().put("text", "please also run the linter").put("sentBy", "carol")).await().body();
        assertThat(sent.getInteger("status")).isEqualTo(200);
        JsonObject post = new JsonObject(simulator.posts(SESSION).get(0).body()).getJsonArray("events").getJsonObject(0);
        assertThat(post.getString("uuid")).isEqualTo(sent.getString("uuid"));
        assertThat(post.getJsonObject("message").getString("content")).isEqualTo("please also run the linter");

        JsonObject interrupted = vertx.eventBus().<JsonObject>request(Addresses.interrupt(SESSION),
                new JsonObject().put("requestedBy", "dave")).await().body();
        JsonObject frame = answersReceived(1).get(0);
        assertThat(frame.getString("request_id")).isEqualTo(interrupted.getString("requestId"));
        assertThat(frame.getJsonObject("request").getString("subtype")).isEqualTo("interrupt");

        List<JournalEntry> journal = journal();
        JsonObject posted = new JsonObject(journal.stream().filter(x -> x.kind() == EntryKind.MESSAGE_POSTED).findFirst().orElseThrow().payloadText());
        assertThat(posted.getString("sentBy")).isEqualTo("carol");
        JsonObject asked = new JsonObject(journal.stream().filter(x -> x.kind() == EntryKind.INTERRUPT_REQUESTED).findFirst().orElseThrow().payloadText());
        assertThat(asked.getString("requestedBy")).isEqualTo("dave");
        assertThatThrownBy(() -> vertx.eventBus().request(Addresses.send(SESSION), new JsonObject().put("text", "x")).await())
                .hasMessageContaining("'sentBy'");
        assertThatThrownBy(() -> vertx.eventBus().request(Addresses.interrupt(SESSION), new JsonObject().put("requestedBy", 42)).await())
                .hasMessageContaining("'requestedBy'");
    }

    @Test
    @DisplayName("A viewer-only session refuses decide, send and interrupt with 409 and why")
    void viewerOnlyRefuses(Vertx vertx) throws Throwable {
        start(vertx, askBash("ls"), true, null);
        String id = awaitRequest();
        assertThat(refused(new JsonObject().put("requestId", id).put("behavior", "allow").put("decidedBy", "x")).failureCode()).isEqualTo(409);
        for (String address : List.of(Addresses.send(SESSION), Addresses.interrupt(SESSION))) {
            Future<io.vertx.core.eventbus.Message<Object>> reply = vertx.eventBus().request(address,
                    new JsonObject().put("text", "hi").put("sentBy", "x").put("requestedBy", "x"));
            Future.join(reply, Future.succeededFuture()).otherwiseEmpty().await();
            assertThat(reply.failed()).as(address).isTrue();
            ReplyException e = (ReplyException) reply.cause();
            assertThat(e.failureCode()).isEqualTo(409);
            assertThat(e.getMessage()).contains("viewer-only");
        }
        assertThat(simulator.receivedFrames(SESSION)).isEmpty();
        assertThat(simulator.posts(SESSION)).isEmpty();
    }

    @Test
    @DisplayName("The pending query lists every pending request, so a console that joins late sees them all")
    void pendingForLateJoiners(Vertx vertx) throws Throwable {
        start(vertx, askBash("ls"), false, null);
        String id = awaitRequest();
        JsonArray pending = vertx.eventBus().<JsonObject>request(Addresses.PERMISSIONS_PENDING, new JsonObject()).await().body().getJsonArray("pending");
        assertThat(pending).hasSize(1);
        assertThat(pending.getJsonObject(0).getString("requestId")).isEqualTo(id);
        assertThat(pending.getJsonObject(0).getString("toolName")).isEqualTo("Bash");
        assertThat(pending.getJsonObject(0).getJsonObject("input").getString("command")).isEqualTo("ls");
        decide(new JsonObject().put("requestId", id).put("behavior", "allow").put("decidedBy", "x"));
        assertThat(vertx.eventBus().<JsonObject>request(Addresses.PERMISSIONS_PENDING, new JsonObject().put("sessionId", SESSION))
                .await().body().getJsonArray("pending")).isEmpty();
    }

    /** A session whose very first frame is a permission request: nothing else to wait for. */
    static Scenario askFirst(String command) {
        return Scenario.parse("ask-first", String.join("\n",
                "{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:r1}\",\"request\":{\"subtype\":\"can_use_tool\","
                        + "\"tool_name\":\"Bash\",\"input\":{\"command\":\"" + command + "\"},\"tool_use_id\":\"${uuid:tu1}\"}}}",
                "{\"await_user_message\":{}}",
                "{\"stop\":{}}"));
    }

    @Test
    @DisplayName("A permission request that is a session's very first frame is decided by the policy the assembly deployed")
    void firstFrameIsARequest(Vertx vertx) throws Throwable {
        start(vertx, askFirst("git status"), false, Policy.parse(new JsonObject(
                "{\"rules\":[{\"name\":\"git read\",\"tool\":\"Bash\",\"input\":{\"command\":\"^git status\"},\"decision\":\"allow\"}]}")));
        String id = awaitRequest();
        assertThat(answerOf(answersReceived(1).get(0)).getString("behavior")).isEqualTo("allow");
        assertThat(decisionJournaledFirst(id).getString("via")).isEqualTo("policy:git read");
    }

    @Test
    @DisplayName("A policy deployed after a request arrived asks what is pending and decides it; its timeout counts from the arrival")
    void latePolicyMissesNothing(Vertx vertx) throws Throwable {
        startSimulator(vertx, PermissionBusTest.askFirst("make deploy"));
        blackbox = Blackbox.start(vertx, Blackbox.Plan.record(List.of(session(false)))).await();
        String id = awaitRequest();
        await().atMost(Duration.ofSeconds(10)).until(() -> !vertx.eventBus().<JsonObject>request(Addresses.PERMISSIONS_PENDING,
                new JsonObject()).await().body().getJsonArray("pending").isEmpty());
        vertx.deployVerticle(new PolicyVerticle(Policy.parse(new JsonObject(
                "{\"rules\":[],\"default\":\"ask\",\"timeout\":{\"after\":\"PT0.2S\",\"decision\":\"deny\"}}")), Set.of(SESSION))).await();
        JsonObject answer = answerOf(answersReceived(1).get(0));
        assertThat(answer.getString("behavior")).isEqualTo("deny");
        assertThat(decisionJournaledFirst(id).getString("via")).isEqualTo("timeout");
        assertThat(journal().stream().filter(e -> e.kind() == EntryKind.DECISION_REFUSED)).isEmpty();
    }
}
