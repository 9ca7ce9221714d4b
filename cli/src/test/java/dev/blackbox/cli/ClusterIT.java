package dev.blackbox.cli;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.observe.ReceivedFrame;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three processes on one clustered event bus (Hazelcast on 127.0.0.1): a recorder, an approver
 * that answers from the command line, and a late joiner that lists what is still pending.
 */
@ExtendWith(VertxExtension.class)
class ClusterIT {

    static final String TOKEN = "cluster-it-token";
    static final String ORG = "c1c1c1c1-1111-4222-8333-444455556666";

    @TempDir
    Path tmp;

    @Test
    @DisplayName("An approval from a second process reaches the session; a third process that joined late lists what is still pending")
    void approveAcrossProcesses(Vertx vertx) throws Throwable {
        Scenario twoRequests = Scenario.parse("two", String.join("\n",
                "{\"send\":{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"${session_id}\",\"model\":\"claude-opus-5-5\",\"uuid\":\"${uuid}\"}}",
                "{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:r1}\",\"request\":{\"subtype\":\"can_use_tool\",\"tool_name\":\"Bash\",\"input\":{\"command\":\"ls\"},\"tool_use_id\":\"${uuid:t1}\"}}}",
                "{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:r2}\",\"request\":{\"subtype\":\"can_use_tool\",\"tool_name\":\"Bash\",\"input\":{\"command\":\"pwd\"},\"tool_use_id\":\"${uuid:t2}\"}}}",
                "{\"await_permission\":{\"request_id\":\"${uuid:r1}\"}}",
                "{\"await_user_message\":{}}",
                "{\"stop\":{}}"));
        Simulator sim = Simulator.start(vertx, SimulatorConfig.of(TOKEN, ORG, "session_cluster", twoRequests)).await();
        Path root = tmp.resolve("journal");
        Map<String, String> env = Map.of("BB_IT_TOKEN", TOKEN, "BLACKBOX_CLUSTER_NAME", "blackbox-it-" + UUID.randomUUID());
        Process recorder = Jar.start(env, tmp.resolve("rec.out"), tmp.resolve("rec.err"), "record", "--cluster",
                "--cluster-members", "127.0.0.1", "--base-url", sim.baseUrl(), "--session", "session_cluster", "--org", ORG,
                "--token-env", "BB_IT_TOKEN", "--journal", root.toString(), "--metrics-port", "0");
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> RecordIT.journal(root, "session_cluster").stream()
                    .filter(e -> e.kind() == EntryKind.FRAME_RECEIVED && e.payloadText().contains("can_use_tool")).count() == 2);
            List<String> ids = RecordIT.journal(root, "session_cluster").stream()
                    .filter(e -> e.kind() == EntryKind.FRAME_RECEIVED && e.payloadText().contains("can_use_tool"))
                    .map(e -> new JsonObject(e.payloadText()).getString("request_id")).toList();
            String first = ids.get(0);
            String second = ids.get(1);

            Jar.Result approve = Jar.run(env, "permissions", "approve", first, "--cluster", "--cluster-members", "127.0.0.1", "--by", "it-approver");
            assertThat(approve.exit()).as(approve.err()).isZero();
            assertThat(approve.out()).contains("allow " + first + " in session_cluster");

            await().atMost(Duration.ofSeconds(30)).until(() -> !sim.receivedFrames("session_cluster").isEmpty());
            List<ReceivedFrame> received = sim.receivedFrames("session_cluster");
            assertThat(received).hasSize(1);
            JsonObject answer = new JsonObject(received.get(0).text()).getJsonObject("response");
            assertThat(answer.getString("request_id")).isEqualTo(first);
            assertThat(answer.getJsonObject("response").getString("behavior")).isEqualTo("allow");

            Jar.Result list = Jar.run(env, "permissions", "list", "--cluster", "--cluster-members", "127.0.0.1");
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains(second).contains("pwd").doesNotContain(first);
            Jar.Result json = Jar.run(env, "permissions", "list", "--json", "--cluster", "--cluster-members", "127.0.0.1");
            assertThat(json.exit()).as(json.err()).isZero();
            JsonArray pending = new JsonArray(json.out());
            assertThat(pending).hasSize(1);
            assertThat(pending.getJsonObject(0).getString("requestId")).isEqualTo(second);
            assertThat(pending.getJsonObject(0).getString("toolName")).isEqualTo("Bash");
            assertThat(pending.getJsonObject(0).getLong("waitingSeconds")).isNotNegative();

            java.util.regex.Matcher url = MetricsIT.METRICS_URL.matcher(Files.readString(tmp.resolve("rec.err")));
            assertThat(url.find()).isTrue();
            java.net.http.HttpResponse<String> ready = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url.group(1) + "/readiness")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).as("a clustered recorder is ready once it is a member").contains("\"cluster\"");

            JournalEntry decided = RecordIT.journal(root, "session_cluster").stream()
                    .filter(e -> e.kind() == EntryKind.PERMISSION_DECIDED).findFirst().orElseThrow();
            JsonObject d = new JsonObject(decided.payloadText());
            assertThat(d.getString("decidedBy")).isEqualTo("it-approver");
            assertThat(d.getString("via")).isEqualTo("cli");

            Jar.Result again = Jar.run(env, "permissions", "approve", first, "--session", "session_cluster", "--cluster",
                    "--cluster-members", "127.0.0.1");
            assertThat(again.exit()).isEqualTo(1);
            assertThat(again.err()).contains("refused (409)").contains("already decided");

            // without --session too, a late attempt reaches the recorder that owns the request, which journals it
            Jar.Result late = Jar.run(env, "permissions", "deny", first, "--message", "too late", "--by", "it-late",
                    "--cluster", "--cluster-members", "127.0.0.1");
            assertThat(late.exit()).as(late.err()).isEqualTo(1);
            assertThat(late.err()).contains("refused (409)").contains("already decided");
            await().atMost(Duration.ofSeconds(30)).until(() -> RecordIT.journal(root, "session_cluster").stream()
                    .anyMatch(e -> e.kind() == EntryKind.DECISION_REFUSED && e.payloadText().contains("\"triedBy\":\"it-late\"")));
        } finally {
            recorder.destroy();
            recorder.waitFor(60, TimeUnit.SECONDS);
            recorder.destroyForcibly();
            sim.stop().await();
        }
        assertThat(recorder.exitValue()).as(Files.readString(tmp.resolve("rec.err"))).isZero();
    }
}
