package dev.blackbox.app.fleet;

import dev.blackbox.app.Blackbox;
import dev.blackbox.app.ClusteredVertx;
import dev.blackbox.app.config.BlackboxConfig;
import dev.blackbox.bus.Addresses;
import dev.blackbox.recorder.remote.ReconnectMode;
import dev.blackbox.recorder.remote.ReconnectTimings;
import dev.blackbox.recorder.remote.RemoteSession;
import dev.blackbox.recorder.remote.TokenSource;
import dev.blackbox.recorder.session.SessionSettings;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes of one Hazelcast cluster in this JVM: two recorders on different sessions and journal
 * roots, and a client that records nothing. The fleet-wide queries gather from both recorders, say
 * who holds what, and say what they could not get.
 */
class FleetQueryTest {

    static final String TOKEN = "fleet-token";
    static final String ORG = "22222222-3333-4444-8555-666666666666";

    @TempDir
    Path tmp;

    Vertx local;
    Simulator simulator;
    final List<Vertx> nodes = new ArrayList<>();
    final List<Blackbox> recorders = new ArrayList<>();

    static Scenario asks(String command, int requests) {
        List<String> lines = new ArrayList<>(List.of(
                "{\"send\":{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"${session_id}\",\"model\":\"m\",\"uuid\":\"${uuid}\"}}"));
        for (int i = 1; i <= requests; i++) {
            lines.add("{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:r" + i + "}\",\"request\":{\"subtype\":\"can_use_tool\","
                    + "\"tool_name\":\"Bash\",\"input\":{\"command\":\"" + command + " " + i + "\"},\"tool_use_id\":\"${uuid:t" + i + "}\"}}}");
        }
        lines.add("{\"await_user_message\":{}}");
        lines.add("{\"stop\":{}}");
        return Scenario.parse("asks", String.join("\n", lines));
    }

    @BeforeEach
    void cluster() {
        local = Vertx.vertx();
        simulator = Simulator.start(local, SimulatorConfig.of(TOKEN, ORG, Map.of("sA", asks("ls", 2), "sB", asks("pwd", 3)))).await();
        BlackboxConfig.Cluster cluster = new BlackboxConfig.Cluster(true, "127.0.0.1", 5801, List.of("127.0.0.1"),
                "fleet-test-" + UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            nodes.add(ClusteredVertx.start(cluster).await());
        }
        recorders.add(Blackbox.start(nodes.get(0), Blackbox.Plan.record(List.of(session("sA", tmp.resolve("a"))))).await());
        recorders.add(Blackbox.start(nodes.get(1), Blackbox.Plan.record(List.of(session("sB", tmp.resolve("b"))))).await());
        recorders.add(Blackbox.start(nodes.get(2), Blackbox.Plan.record(List.of())).await());
    }

    @AfterEach
    void stop() {
        recorders.forEach(b -> b.stop().otherwiseEmpty().await());
        nodes.forEach(v -> v.close().otherwiseEmpty().await());
        simulator.stop().await();
        local.close().await();
    }

    SessionSettings session(String id, Path root) {
        return new SessionSettings(id, root, false, null, new RemoteSession(URI.create(simulator.baseUrl()), ORG,
                TokenSource.of(TOKEN), ReconnectMode.PERSISTENT, ReconnectTimings.upstream().scaled(0.01)));
    }

    /** From the node that records nothing, to its own fleet query (as a console or a command on that host does). */
    JsonObject ask(String address, JsonObject body) {
        return nodes.get(2).eventBus().<JsonObject>request(address, body, new DeliveryOptions().setLocalOnly(
                address.equals(Addresses.PERMISSIONS_PENDING) || address.equals(Addresses.FLEET_SESSIONS))).await().body();
    }

    @Test
    @DisplayName("The pending list from a node that records nothing has every request of both recorders, each with its node and host")
    void completePendingList() {
        await().atMost(Duration.ofSeconds(30)).until(() -> ask(Addresses.PERMISSIONS_PENDING, new JsonObject())
                .getJsonArray("pending").size() == 5);
        JsonObject reply = ask(Addresses.PERMISSIONS_PENDING, new JsonObject());
        assertThat(reply.getInteger("nodes")).isEqualTo(2);
        assertThat(reply.getJsonArray("unanswered")).isEmpty();
        assertThat(reply.getJsonArray("lost")).isEmpty();
        String nodeA = recorders.get(0).fleet().node().id();
        String nodeB = recorders.get(1).fleet().node().id();
        List<JsonObject> pending = objects(reply.getJsonArray("pending"));
        assertThat(pending).filteredOn(r -> r.getString("sessionId").equals("sA")).hasSize(2)
                .allMatch(r -> nodeA.equals(r.getString("node")) && r.getString("host") != null);
        assertThat(pending).filteredOn(r -> r.getString("sessionId").equals("sB")).hasSize(3)
                .allMatch(r -> nodeB.equals(r.getString("node")));

        JsonObject onlyB = ask(Addresses.PERMISSIONS_PENDING, new JsonObject().put("sessionId", "sB"));
        assertThat(objects(onlyB.getJsonArray("pending"))).hasSize(3).allMatch(r -> r.getString("sessionId").equals("sB"));
        assertThat(onlyB.getInteger("nodes")).isEqualTo(1);

        String requestOfB = objects(onlyB.getJsonArray("pending")).get(0).getString("requestId");
        JsonObject located = ask(Addresses.PERMISSIONS_LOCATE, new JsonObject().put("requestId", requestOfB));
        assertThat(located.getString("sessionId")).isEqualTo("sB");
        assertThat(located.getString("node")).isEqualTo(nodeB);

        JsonObject decided = ask(Addresses.decide("sB"), new JsonObject().put("requestId", requestOfB).put("behavior", "allow")
                .put("decidedBy", "third-node"));
        assertThat(decided.getLong("journalSeq")).isPositive();
        await().atMost(Duration.ofSeconds(10)).until(() -> ask(Addresses.PERMISSIONS_PENDING, new JsonObject())
                .getJsonArray("pending").size() == 4);
    }

    @Test
    @DisplayName("A recorder node that leaves leaves its sessions listed as 'recorder lost', not gone")
    void recorderLost() {
        await().atMost(Duration.ofSeconds(30)).until(() -> ask(Addresses.PERMISSIONS_PENDING, new JsonObject())
                .getJsonArray("pending").size() == 5);
        // the node drops out of the cluster without stopping its recordings, as a crash does (kill -9: FleetIT)
        // once every partition of the directory has its backup on another member (right after a join it may not yet)
        await().atMost(Duration.ofSeconds(60)).until(() -> ((HazelcastClusterManager) ((VertxInternal) nodes.get(1)).clusterManager())
                .getHazelcastInstance().getPartitionService().isClusterSafe());
        ((HazelcastClusterManager) ((VertxInternal) nodes.get(1)).clusterManager()).getHazelcastInstance()
                .getLifecycleService().terminate();
        await().atMost(Duration.ofSeconds(60)).until(() -> !ask(Addresses.PERMISSIONS_PENDING, new JsonObject())
                .getJsonArray("lost").isEmpty());
        JsonObject reply = ask(Addresses.PERMISSIONS_PENDING, new JsonObject());
        assertThat(objects(reply.getJsonArray("pending"))).hasSize(2).allMatch(r -> r.getString("sessionId").equals("sA"));
        assertThat(objects(reply.getJsonArray("lost"))).singleElement().satisfies(l -> {
            assertThat(l.getString("sessionId")).isEqualTo("sB");
            assertThat(l.getString("state")).isEqualTo(FleetDirectory.RECORDER_LOST);
        });
        List<JsonObject> sessions = objects(ask(Addresses.FLEET_SESSIONS, new JsonObject()).getJsonArray("sessions"));
        assertThat(sessions).extracting(s -> s.getString("sessionId") + "=" + s.getString("state"))
                .containsExactly("sA=recording", "sB=recorder lost");
    }

    @Test
    @DisplayName("A recorder node that does not reply in time is named in the answer, with the sessions missing from the list")
    void silentNodeIsNamed() {
        await().atMost(Duration.ofSeconds(30)).until(() -> ask(Addresses.PERMISSIONS_PENDING, new JsonObject())
                .getJsonArray("pending").size() == 5);
        Vertx client = nodes.get(2);
        FleetDirectory directory = recorders.get(2).fleet();
        client.eventBus().consumer(Addresses.nodePending(directory.node().id()), m -> { }).completion().await(); // never replies
        directory.recording("sSilent").await();
        // long enough that the answering nodes answer in time on a loaded machine; the silent one never does
        JsonObject reply = ask(Addresses.PERMISSIONS_PENDING, new JsonObject().put("timeoutMs", 3000));
        assertThat(reply.getJsonArray("pending")).hasSize(5);
        assertThat(objects(reply.getJsonArray("unanswered"))).singleElement().satisfies(u -> {
            assertThat(u.getString("node")).isEqualTo(directory.node().id());
            assertThat(u.getString("reason")).isEqualTo("no reply within 3000 ms");
            assertThat(u.getJsonArray("sessions")).containsExactly("sSilent");
        });
    }

    static List<JsonObject> objects(JsonArray array) {
        return array.stream().map(o -> (JsonObject) o).toList();
    }
}
