package dev.blackbox.app.fleet;

import dev.blackbox.app.Blackbox;
import dev.blackbox.app.ClusteredVertx;
import dev.blackbox.app.config.BlackboxConfig;
import dev.blackbox.bus.Addresses;
import dev.blackbox.console.ConsoleFixture;
import dev.blackbox.recorder.remote.ReconnectMode;
import dev.blackbox.recorder.remote.ReconnectTimings;
import dev.blackbox.recorder.remote.RemoteSession;
import dev.blackbox.recorder.remote.TokenSource;
import dev.blackbox.recorder.session.SessionSettings;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A console on a node that holds no journal shows, follows and tells the transcript of a session recorded on another node. */
class FleetConsoleTest {

    @TempDir
    Path tmp;

    Vertx local;
    Vertx recorderNode;
    Vertx consoleNode;
    Blackbox recorder;
    Blackbox console;

    @AfterEach
    void stop() {
        for (Blackbox b : new Blackbox[]{console, recorder}) {
            if (b != null) {
                b.stop().otherwiseEmpty().await();
            }
        }
        for (Vertx v : new Vertx[]{consoleNode, recorderNode, local}) {
            if (v != null) {
                v.close().otherwiseEmpty().await();
            }
        }
    }

    @Test
    @DisplayName("The console's session list, state and transcript cover a session recorded on another node, and say when its recorder is lost")
    void remoteSessionInTheConsole() {
        local = Vertx.vertx();
        Simulator sim = Simulator.start(local, SimulatorConfig.of(FleetQueryTest.TOKEN, FleetQueryTest.ORG, "sFar",
                FleetQueryTest.asks("ls", 1))).await();
        BlackboxConfig.Cluster cluster = new BlackboxConfig.Cluster(true, "127.0.0.1", 5801, List.of("127.0.0.1"),
                "fleet-console-" + UUID.randomUUID());
        recorderNode = ClusteredVertx.start(cluster).await();
        consoleNode = ClusteredVertx.start(cluster).await();
        recorder = Blackbox.start(recorderNode, Blackbox.Plan.record(List.of(new SessionSettings("sFar", tmp.resolve("far"), false, null,
                new RemoteSession(URI.create(sim.baseUrl()), FleetQueryTest.ORG, TokenSource.of(FleetQueryTest.TOKEN),
                        ReconnectMode.PERSISTENT, ReconnectTimings.upstream().scaled(0.01)))))).await();
        List<JsonObject> changes = new CopyOnWriteArrayList<>();
        consoleNode.eventBus().<JsonObject>consumer(Addresses.STATE_CHANGED, m -> changes.add(m.body())).completion().await();
        console = Blackbox.start(consoleNode, Blackbox.Plan.record(List.of()).withConsole(ConsoleFixture.settings(tmp.resolve("near")))).await();

        await().atMost(Duration.ofSeconds(30)).until(() -> sessions().stream().anyMatch(s -> "sFar".equals(s.getString("sessionId"))
                && s.getLong("pending", 0L) == 1));
        JsonObject summary = sessions().stream().filter(s -> "sFar".equals(s.getString("sessionId"))).findFirst().orElseThrow();
        assertThat(summary.getString("host")).isNotBlank();
        assertThat(summary.getString("node")).isEqualTo(recorder.fleet().node().id());
        assertThat(summary.getString("fleetState")).isEqualTo("recording");
        assertThat(summary.getBoolean("remote")).isTrue();

        JsonObject state = consoleNode.eventBus().<JsonObject>request(Addresses.STATE_GET, new JsonObject().put("sessionId", "sFar"))
                .await().body();
        assertThat(state.getJsonObject("fleet").getString("state")).isEqualTo("recording");
        JsonObject history = consoleNode.eventBus().<JsonObject>request(Addresses.CONSOLE_HISTORY, new JsonObject().put("sessionId", "sFar"))
                .await().body();
        assertThat(history.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("headline")))
                .anyMatch(h -> h != null && h.startsWith("recording started: session sFar"));

        // once every partition of the directory has its backup on another member (right after a join it may not yet)
        await().atMost(Duration.ofSeconds(60)).until(() -> ((HazelcastClusterManager) ((VertxInternal) recorderNode).clusterManager())
                .getHazelcastInstance().getPartitionService().isClusterSafe());
        ((HazelcastClusterManager) ((VertxInternal) recorderNode).clusterManager()).getHazelcastInstance().getLifecycleService().terminate();
        await().atMost(Duration.ofSeconds(60)).until(() -> changes.stream().anyMatch(c -> "sFar".equals(c.getString("sessionId"))
                && "recorder lost".equals(c.getString("fleetState"))));
        assertThat(sessions()).filteredOn(s -> "sFar".equals(s.getString("sessionId"))).singleElement()
                .satisfies(s -> assertThat(s.getString("fleetState")).isEqualTo("recorder lost"));
    }

    List<JsonObject> sessions() {
        return consoleNode.eventBus().<JsonObject>request(Addresses.SESSIONS_LIST, new JsonObject()).await().body()
                .getJsonArray("sessions").stream().map(o -> (JsonObject) o).toList();
    }
}
