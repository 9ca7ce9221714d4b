package dev.blackbox.app;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.recorder.remote.ReconnectMode;
import dev.blackbox.recorder.remote.ReconnectTimings;
import dev.blackbox.recorder.remote.RemoteSession;
import dev.blackbox.recorder.remote.TokenSource;
import dev.blackbox.recorder.session.SessionSettings;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.observe.ReceivedFrame;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CopyOnWriteArrayList;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** "Allow for the rest of this session": a decision that also makes a rule, journaled before it answers anything. */
@ExtendWith(VertxExtension.class)
class SessionRuleTest {

    static final String TOKEN = PermissionBusTest.TOKEN;
    static final String ORG = PermissionBusTest.ORG;
    static final String SESSION = PermissionBusTest.SESSION;

    @TempDir
    Path root;

    Vertx vertx;
    Simulator simulator;
    final List<JsonObject> requested = new CopyOnWriteArrayList<>();
    final List<JsonObject> resolved = new CopyOnWriteArrayList<>();

    Blackbox blackbox;

    void start(Vertx vertx, Scenario scenario) {
        this.vertx = vertx;
        vertx.eventBus().<JsonObject>consumer(Addresses.PERMISSIONS_REQUESTED, m -> requested.add(m.body()));
        vertx.eventBus().<JsonObject>consumer(Addresses.PERMISSIONS_RESOLVED, m -> resolved.add(m.body()));
        record(scenario);
    }

    /** A simulator playing the scenario, and a recorder of the session into the same journal root. */
    void record(Scenario scenario) {
        simulator = Simulator.start(vertx, SimulatorConfig.of(TOKEN, ORG, SESSION, scenario).withTimeScale(0.01)).await();
        blackbox = Blackbox.start(vertx, Blackbox.Plan.record(List.of(new SessionSettings(SESSION, root, false, null,
                new RemoteSession(URI.create(simulator.baseUrl()), ORG, TokenSource.of(TOKEN), ReconnectMode.PERSISTENT,
                        ReconnectTimings.upstream().scaled(0.01)))))).await();
    }

    String awaitRequest() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !requested.isEmpty());
        return requested.get(0).getString("requestId");
    }

    JsonObject decide(JsonObject body) {
        return vertx.eventBus().<JsonObject>request(Addresses.decide(SESSION), body).await().body();
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

    static String ask(String name, String command) {
        return "{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:" + name + "}\",\"request\":{\"subtype\":\"can_use_tool\","
                + "\"tool_name\":\"Bash\",\"input\":{\"command\":\"" + command + "\"},\"tool_use_id\":\"${uuid:t" + name + "}\"}}}";
    }

    static Scenario threeAsks(String second, String third) {
        return Scenario.parse("rules", String.join("\n",
                "{\"send\":{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"${session_id}\",\"model\":\"m\",\"uuid\":\"${uuid}\"}}",
                ask("a", "git status"),
                "{\"await_permission\":{\"request_id\":\"${uuid:a}\"}}",
                ask("b", second),
                ask("c", third),
                "{\"await_user_message\":{}}",
                "{\"stop\":{}}"));
    }

    List<JsonObject> decisions() {
        return journal().stream().filter(e -> e.kind() == EntryKind.PERMISSION_DECIDED).map(e -> new JsonObject(e.payloadText())).toList();
    }

    @Test
    @DisplayName("Allow always: the rule is journaled first, then answers the same request at once via rule:<id>, and only that one")
    void sameInput(Vertx vertx) throws Throwable {
        start(vertx, threeAsks("git status", "git push"));
        String first = awaitRequest();
        JsonObject reply = decide(new JsonObject().put("requestId", first).put("behavior", "allow").put("decidedBy", "alice")
                .put("via", "cli").put("always", true));
        String ruleId = reply.getJsonObject("rule").getString("ruleId");
        assertThat(reply.getJsonObject("rule").getJsonObject("input").getString("command")).isEqualTo("^\\Qgit status\\E$");

        await().atMost(Duration.ofSeconds(10)).until(() -> decisions().size() == 2 && requested.size() == 2);
        List<JournalEntry> journal = journal();
        int ruleAt = indexOf(journal, EntryKind.POLICY_RULE_ADDED, 0);
        assertThat(ruleAt).as("the rule is journaled before the decision that made it").isLessThan(indexOf(journal, EntryKind.PERMISSION_DECIDED, 0));
        JsonObject rule = new JsonObject(journal.get(ruleAt).payloadText());
        assertThat(rule.getString("addedBy")).isEqualTo("alice");
        assertThat(rule.getString("fromRequestId")).isEqualTo(first);
        assertThat(rule.getString("tool")).isEqualTo("Bash");

        JsonObject byRule = decisions().get(1);
        assertThat(byRule.getString("via")).isEqualTo("rule:" + ruleId);
        assertThat(byRule.getString("decidedBy")).isEqualTo("alice");
        assertThat(answersReceived(2).get(1).getJsonObject("response").getJsonObject("response").getString("behavior")).isEqualTo("allow");
        // 'git push' is not the same input: it waits for a person, and nobody was asked about the second 'git status'
        assertThat(requested).extracting(r -> r.getJsonObject("input").getString("command")).containsExactly("git status", "git push");
        assertThat(vertx.eventBus().<JsonObject>request(Addresses.sessionPending(SESSION), null).await().body()
                .getJsonArray("pending")).hasSize(1);
        await().until(() -> resolved.stream().anyMatch(r -> ("rule:" + ruleId).equals(r.getString("via"))));
    }

    @Test
    @DisplayName("A recorder restarted on the session answers with the rules its earlier run made, via the same rule id, asking nobody")
    void rulesOutliveARestart(Vertx vertx) throws Throwable {
        String init = "{\"send\":{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"${session_id}\",\"model\":\"m\",\"uuid\":\"${uuid}\"}}";
        start(vertx, Scenario.parse("first run", String.join("\n", init, ask("a", "git status"),
                "{\"await_permission\":{\"request_id\":\"${uuid:a}\"}}", "{\"await_user_message\":{}}", "{\"stop\":{}}")));
        String first = awaitRequest();
        String ruleId = decide(new JsonObject().put("requestId", first).put("behavior", "allow").put("decidedBy", "alice")
                .put("via", "cli").put("always", true)).getJsonObject("rule").getString("ruleId");
        answersReceived(1);
        blackbox.stop().await();
        simulator.stop().await();
        requested.clear();

        record(Scenario.parse("second run", String.join("\n", init, ask("b", "git status"), ask("c", "git push"),
                "{\"await_user_message\":{}}", "{\"stop\":{}}")));
        await().atMost(Duration.ofSeconds(10)).until(() -> decisions().size() == 2 && requested.size() == 1);
        JsonObject byRule = decisions().get(1);
        assertThat(byRule.getString("via")).isEqualTo("rule:" + ruleId);
        assertThat(byRule.getString("decidedBy")).isEqualTo("alice");
        assertThat(answersReceived(1).get(0).getJsonObject("response").getJsonObject("response").getString("behavior")).isEqualTo("allow");
        assertThat(requested).as("only the request no rule covers is asked").extracting(r -> r.getJsonObject("input").getString("command"))
                .containsExactly("git push");
        assertThat(journal()).filteredOn(e -> e.kind() == EntryKind.POLICY_RULE_ADDED).as("the rule is not journaled again").hasSize(1);
    }

    @Test
    @DisplayName("Allow always with the approver's pattern: later requests matching it are answered by the rule")
    void editedPattern(Vertx vertx) throws Throwable {
        start(vertx, threeAsks("git diff HEAD", "rm -rf /"));
        String first = awaitRequest();
        decide(new JsonObject().put("requestId", first).put("behavior", "allow").put("decidedBy", "bob")
                .put("always", new JsonObject().put("command", "^git (status|diff)")));
        await().atMost(Duration.ofSeconds(10)).until(() -> decisions().size() == 2 && requested.size() == 2);
        assertThat(decisions().get(1).getString("via")).startsWith("rule:");
        assertThat(requested.get(1).getJsonObject("input").getString("command")).isEqualTo("rm -rf /");
    }

    @Test
    @DisplayName("A rule is refused on a deny and with a regex that does not compile, naming the field; nothing is journaled as a rule")
    void invalidRules(Vertx vertx) throws Throwable {
        start(vertx, threeAsks("a", "b"));
        String first = awaitRequest();
        assertThatThrownBy(() -> decide(new JsonObject().put("requestId", first).put("behavior", "deny").put("decidedBy", "c")
                .put("always", true))).isInstanceOf(ReplyException.class).hasMessageContaining("'always' belongs to an allow");
        assertThatThrownBy(() -> decide(new JsonObject().put("requestId", first).put("behavior", "allow").put("decidedBy", "c")
                .put("always", new JsonObject().put("command", "(")))).hasMessageContaining("always.command is not a valid regex");
        assertThat(journal()).noneMatch(e -> e.kind() == EntryKind.POLICY_RULE_ADDED);
    }

    static int indexOf(List<JournalEntry> journal, EntryKind kind, int from) {
        for (int i = from; i < journal.size(); i++) {
            if (journal.get(i).kind() == kind) {
                return i;
            }
        }
        return -1;
    }
}
