package dev.blackbox.simulator;

import dev.blackbox.simulator.scenario.Scenarios;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("The load scenario")
class LoadScenarioTest {

    private static final String SESSION = "session_01Load";

    @Test
    @DisplayName("streams the configured count of realistic frames between 200 B and 20 KB, then ends the session with the end code")
    void burstThenEnd(Vertx vertx) {
        Simulator sim = Simulator.start(vertx, SimulatorConfig.of(TestClient.TOKEN, TestClient.ORG, SESSION,
                Scenarios.load("load", Map.of("count", "3000", "rate", "0", "end_code", "4001")))).await();
        TestClient client = new TestClient(vertx, sim.port(), SESSION);
        try {
            client.connect().await();
            sim.scenarioFinished(SESSION).await();
            await().atMost(Duration.ofSeconds(20)).until(() -> client.closeCodes().equals(List.of(4001)));

            // system/init, running, requesting, 3000 burst frames, result, idle
            assertThat(client.texts().size()).isEqualTo(3005);
            assertThat(client.texts().equals(sim.sentTexts(SESSION))).as("received exactly what was sent").isTrue();
            List<String> burst = client.texts().subList(3, 3003);
            assertThat(burst).allSatisfy(t -> assertThat(t.getBytes(StandardCharsets.UTF_8).length).isBetween(200, 20_100));
            List<String> kinds = client.kinds().subList(3, 3003);
            assertThat(kinds).contains("stream_event/content_block_delta", "assistant", "user", "tool_progress", "system/task_progress");
            assertThat(client.objects().subList(3, 3003)).extracting(o -> o.getString("uuid")).doesNotHaveDuplicates();
            assertThat(client.objects().subList(3, 3003)).allSatisfy(o -> assertThat(o.getString("session_id")).isEqualTo(SESSION));

            TestClient late = new TestClient(vertx, sim.port(), SESSION);
            late.connect().await();
            await().atMost(Duration.ofSeconds(5)).until(() -> late.closeCodes().equals(List.of(4001)));
        } finally {
            client.closeClient().await();
            sim.stop().await();
        }
    }

    @Test
    @DisplayName("keeps to the rate it is given")
    void keepsRate(Vertx vertx) {
        Simulator sim = Simulator.start(vertx, SimulatorConfig.of(TestClient.TOKEN, TestClient.ORG, SESSION,
                Scenarios.load("load", Map.of("count", "40", "rate", "100")))).await();
        TestClient client = new TestClient(vertx, sim.port(), SESSION);
        try {
            client.connect().await();
            long start = System.nanoTime();
            sim.scenarioFinished(SESSION).await();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).as("40 frames at 100/s take at least 390 ms").isBetween(350L, 10_000L);
        } finally {
            client.closeClient().await();
            sim.stop().await();
        }
    }

    @Test
    @DisplayName("can count frames without keeping their texts, for long runs")
    void countsWithoutKeeping(Vertx vertx) {
        Simulator sim = Simulator.start(vertx, SimulatorConfig.of(TestClient.TOKEN, TestClient.ORG, SESSION,
                Scenarios.load("load", Map.of("count", "500"))).withKeepSentFrames(false)).await();
        TestClient client = new TestClient(vertx, sim.port(), SESSION);
        try {
            client.connect().await();
            sim.scenarioFinished(SESSION).await();
            assertThat(sim.session(SESSION).sentCount()).isEqualTo(505);
            assertThat(sim.sentFrames(SESSION)).isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.texts().size() == 505);
            assertThat(new JsonObject(client.texts().get(504)).getString("subtype")).isEqualTo("session_state_changed");
        } finally {
            client.closeClient().await();
            sim.stop().await();
        }
    }
}
