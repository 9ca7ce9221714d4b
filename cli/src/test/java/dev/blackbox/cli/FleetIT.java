package dev.blackbox.cli;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fleet on loopback: two recorder processes on different sessions and journal directories, and
 * command-line clients as the third (and further) members of the cluster. Everything a user would do
 * from the third host: the complete pending list, answers to both recorders, remote replay and
 * state verified from what was received, and a recorder killed with -9 shown as lost.
 */
@ExtendWith(VertxExtension.class)
class FleetIT {

    static final String TOKEN = "fleet-it-token";
    static final String ORG = "f1f1f1f1-1111-4222-8333-444455556666";

    @TempDir
    Path tmp;

    static Scenario asks(String... commands) {
        List<String> lines = new ArrayList<>(List.of(
                "{\"send\":{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"${session_id}\",\"model\":\"claude-opus-5-5\",\"uuid\":\"${uuid}\"}}"));
        for (int i = 0; i < commands.length; i++) {
            lines.add("{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:r" + i + "}\",\"request\":{\"subtype\":\"can_use_tool\","
                    + "\"tool_name\":\"Bash\",\"input\":{\"command\":\"" + commands[i] + "\"},\"tool_use_id\":\"${uuid:t" + i + "}\"}}}");
        }
        lines.add("{\"await_permission\":{\"request_id\":\"${uuid:r0}\"}}");
        lines.add("{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:again}\",\"request\":{\"subtype\":\"can_use_tool\","
                + "\"tool_name\":\"Bash\",\"input\":{\"command\":\"" + commands[0] + "\"},\"tool_use_id\":\"${uuid:tagain}\"}}}");
        lines.add("{\"await_user_message\":{}}");
        lines.add("{\"stop\":{}}");
        return Scenario.parse("fleet", String.join("\n", lines));
    }

    static List<String> requestIds(Path root, String session) {
        return RecordIT.journal(root, session).stream()
                .filter(e -> e.kind() == EntryKind.FRAME_RECEIVED && e.payloadText().contains("can_use_tool"))
                .map(e -> new JsonObject(e.payloadText()).getString("request_id")).toList();
    }

    @Test
    @DisplayName("From a third process: every pending request of both recorders, answers to each, a remote journal replayed and verified, a killed recorder shown as lost")
    void fleetFromAThirdHost(Vertx vertx) throws Throwable {
        Simulator sim = Simulator.start(vertx, SimulatorConfig.of(TOKEN, ORG, Map.of(
                "sA", asks("ls", "pwd"), "sB", asks("date", "whoami", "uname")))).await();
        Map<String, String> env = Map.of("BB_IT_TOKEN", TOKEN, "BLACKBOX_CLUSTER_NAME", "blackbox-fleet-it-" + UUID.randomUUID());
        Path rootA = tmp.resolve("host-a");
        Path rootB = tmp.resolve("host-b");
        Path nowhere = Files.createDirectories(tmp.resolve("host-c"));
        Process a = recorder(env, sim, "sA", rootA, "a");
        Process b = recorder(env, sim, "sB", rootB, "b");
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.isDirectory(rootA.resolve("sA")) && Files.isDirectory(rootB.resolve("sB"))
                    && requestIds(rootA, "sA").size() == 2 && requestIds(rootB, "sB").size() == 3);
            List<String> ofA = requestIds(rootA, "sA");
            List<String> ofB = requestIds(rootB, "sB");

            // the complete pending list, whichever process records each session
            Jar.Result list = awaitList(env, 5);
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains(ofA.get(0), ofA.get(1), ofB.get(0), ofB.get(1), ofB.get(2)).contains(" on ");
            Jar.Result onlyB = cli(env, "permissions", "list", "--session", "sB");
            assertThat(onlyB.out().lines().filter(l -> l.contains(" sB ")).count()).isEqualTo(3);
            assertThat(onlyB.out()).doesNotContain(ofA.get(0));

            // answers from the third node reach each recorder (the session is found by the fleet); one makes a session rule
            Jar.Result approveA = cli(env, "permissions", "approve", ofA.get(0), "--always", "--by", "carol");
            assertThat(approveA.exit()).as(approveA.err()).isZero();
            assertThat(approveA.out()).contains("allow " + ofA.get(0) + " in sA").contains("for the rest of this session");
            Jar.Result approveB = cli(env, "permissions", "approve", ofB.get(0), "--by", "carol");
            assertThat(approveB.exit()).as(approveB.err()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> sim.receivedFrames("sA").size() >= 2 && !sim.receivedFrames("sB").isEmpty());
            List<JsonObject> decidedA = RecordIT.journal(rootA, "sA").stream().filter(e -> e.kind() == EntryKind.PERMISSION_DECIDED)
                    .map(e -> new JsonObject(e.payloadText())).toList();
            assertThat(decidedA).extracting(d -> d.getString("via")).hasSize(2).element(1).asString().startsWith("rule:");
            assertThat(RecordIT.journal(rootA, "sA")).anyMatch(e -> e.kind() == EntryKind.POLICY_RULE_ADDED && e.payloadText().contains("carol"));

            // a journal on another host, replayed and verified here (this host's journal directory is empty)
            Jar.Result replay = cli(env, "replay", "sA", "--cluster", "--journal", nowhere.toString(), "--color", "never");
            assertThat(replay.exit()).as(replay.err()).isZero();
            assertThat(replay.out()).contains("Bash", "allowed by carol via cli");
            assertThat(replay.err()).contains("hash chain intact (recomputed from what was received)");
            Jar.Result jsonl = cli(env, "replay", "sA", "--cluster", "--journal", nowhere.toString(), "--format", "jsonl");
            List<String> localFrames = RecordIT.journal(rootA, "sA").stream().filter(e -> e.kind() == EntryKind.FRAME_RECEIVED)
                    .map(JournalEntry::payloadText).toList();
            assertThat(jsonl.out().lines().toList()).containsExactlyElementsOf(localFrames.subList(0, (int) jsonl.out().lines().count()));
            Jar.Result state = cli(env, "state", "sB", "--cluster", "--journal", nowhere.toString());
            assertThat(state.exit()).as(state.err()).isZero();
            assertThat(state.out()).contains("integrity    live: ").contains("hash chain recomputed here").contains("held by").contains("recording");
            Jar.Result sessions = cli(env, "sessions", "--cluster", "--journal", nowhere.toString());
            assertThat(sessions.exit()).as(sessions.out() + sessions.err()).isZero();
            assertThat(sessions.out()).contains("sA").contains("sB").contains("recording");

            // a recorder killed with -9: its session is lost, not gone
            b.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> cli(env, "permissions", "list").out().contains("! session sB: recorder lost"));
            Jar.Result afterKill = cli(env, "sessions", "--cluster", "--journal", nowhere.toString());
            assertThat(afterKill.out().lines().filter(l -> l.startsWith("sB")).findFirst().orElseThrow()).contains("recorder lost");
            assertThat(cli(env, "replay", "sB", "--cluster", "--journal", nowhere.toString()).err()).contains("left the cluster");
        } finally {
            for (Process p : new Process[]{a, b}) {
                p.destroy();
                p.waitFor(60, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
            sim.stop().await();
        }
    }

    Process recorder(Map<String, String> env, Simulator sim, String session, Path root, String name) throws Exception {
        return Jar.start(env, tmp.resolve(name + ".out"), tmp.resolve(name + ".err"), "record", "--cluster",
                "--cluster-members", "127.0.0.1", "--base-url", sim.baseUrl(), "--session", session, "--org", ORG,
                "--token-env", "BB_IT_TOKEN", "--journal", root.toString());
    }

    static Jar.Result cli(Map<String, String> env, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--cluster")) {
            all.add("--cluster");
        }
        all.addAll(List.of("--cluster-members", "127.0.0.1"));
        return Jar.run(env, all.toArray(String[]::new));
    }

    /** Directory updates travel as the recorders start: ask until every request is listed. */
    static Jar.Result awaitList(Map<String, String> env, int requests) throws Exception {
        Jar.Result list = null;
        for (int i = 0; i < 10; i++) {
            list = cli(env, "permissions", "list");
            if (list.out().lines().filter(l -> l.contains("Bash")).count() == requests) {
                return list;
            }
        }
        return list;
    }
}
