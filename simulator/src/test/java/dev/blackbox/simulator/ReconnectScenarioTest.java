package dev.blackbox.simulator;

import dev.blackbox.simulator.observe.SentFrame;
import dev.blackbox.simulator.observe.SubscribeAttempt;
import dev.blackbox.simulator.scenario.Scenarios;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("The reconnect scenario")
class ReconnectScenarioTest {

    private static final String SESSION = "session_01Reconnect";

    @Test
    @DisplayName("drops (1006), closes (1000) and closes 4001 with two more 4001 refusals, replaying the pending prompt byte for byte")
    void dropsAndComesBack(Vertx vertx) {
        Simulator sim = Simulator.start(vertx, SimulatorConfig.of(TestClient.TOKEN, TestClient.ORG, SESSION,
                Scenarios.load("reconnect")).withTimeScale(0.01)).await();
        TestClient client = new TestClient(vertx, sim.port(), SESSION).autoReconnect(10).script((c, frame) -> {
            if ("control_request".equals(frame.getString("type"))) {
                long seen = c.objects().stream().filter(f -> frame.getString("request_id").equals(f.getString("request_id"))).count();
                if (seen == 2) {
                    c.allow(frame); // answer the replayed prompt only
                }
            }
        });
        try {
            client.connect().await();
            sim.scenarioFinished(SESSION).await();
            await().atMost(Duration.ofSeconds(5)).until(() -> client.texts().size() == sim.sentTexts(SESSION).size());

            assertThat(client.closeCodes()).containsExactly(1006, 1000, 4001, 4001, 4001);
            List<SubscribeAttempt> attempts = sim.subscribeAttempts(SESSION);
            assertThat(attempts).extracting(SubscribeAttempt::accepted).containsExactly(true, true, true, false, false, true);
            assertThat(attempts).extracting(SubscribeAttempt::closeCode).containsExactly(1006, 1000, 4001, 4001, 4001, null);

            List<String> prompts = client.texts().stream().filter(t -> t.contains("\"can_use_tool\"")).toList();
            assertThat(prompts).hasSize(2);
            assertThat(prompts.get(1)).isEqualTo(prompts.get(0));
            assertThat(sim.sentTexts(SESSION)).containsExactlyElementsOf(client.texts());
            assertThat(client.kinds()).endsWith("user", "system/status", "assistant", "result/success", "system/session_state_changed");
            JsonObject toolResult = client.objects().stream().filter(f -> f.containsKey("tool_use_result")).findFirst().orElseThrow();
            assertThat(toolResult.getJsonObject("tool_use_result").getString("stdout")).contains("index.js");
            assertThat(sim.sentFrames(SESSION).stream().map(SentFrame::connection).distinct().toList())
                    .as("frames went out on the four accepted connections").containsExactly(1L, 2L, 3L, 6L);
        } finally {
            client.closeClient().await();
            sim.stop().await();
        }
    }
}
