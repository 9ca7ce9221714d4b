package dev.blackbox.simulator;

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
@DisplayName("The permission-cancel scenario")
class PermissionCancelScenarioTest {

    private static final String SESSION = "session_01PermCancel";

    @Test
    @DisplayName("withdraws both pending prompts with control_cancel_request and ignores the answers that come too late")
    void withdrawsPrompts(Vertx vertx) {
        Simulator sim = Simulator.start(vertx, SimulatorConfig.of(TestClient.TOKEN, TestClient.ORG, SESSION,
                Scenarios.load("permission-cancel")).withTimeScale(0.01)).await();
        TestClient client = new TestClient(vertx, sim.port(), SESSION).script((c, frame) -> {
            if ("control_cancel_request".equals(frame.getString("type"))) {
                // a slow human clicks Allow after the hook already decided
                c.send(new JsonObject().put("type", "control_response").put("response", new JsonObject()
                        .put("subtype", "success").put("request_id", frame.getString("request_id"))
                        .put("response", new JsonObject().put("behavior", "allow").put("updatedInput", new JsonObject()))));
            }
        });
        try {
            client.connect().await();
            sim.scenarioFinished(SESSION).await();
            await().atMost(Duration.ofSeconds(5)).until(() -> client.texts().size() == sim.sentTexts(SESSION).size());
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.receivedFrames(SESSION).size() == 2);

            List<JsonObject> frames = client.objects();
            List<JsonObject> prompts = frames.stream().filter(f -> TestClient.kind(f).equals("control_request/can_use_tool")).toList();
            List<JsonObject> cancels = frames.stream().filter(f -> f.getString("type").equals("control_cancel_request")).toList();
            assertThat(prompts).hasSize(2);
            assertThat(cancels).extracting(f -> f.getString("request_id"))
                    .containsExactlyElementsOf(prompts.stream().map(p -> p.getString("request_id")).toList());
            assertThat(client.kinds()).containsSubsequence("control_request/can_use_tool", "system/hook_started",
                    "system/hook_response", "control_cancel_request", "system/session_state_changed", "user",
                    "control_request/can_use_tool", "system/hook_started", "system/hook_response", "control_cancel_request",
                    "system/session_state_changed", "user", "assistant", "result/success", "system/session_state_changed");
            JsonObject pushResult = frames.stream().filter(f -> f.getString("type").equals("user") && f.containsKey("tool_result_meta"))
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(pushResult.getJsonArray("tool_result_meta").getJsonObject(0).getJsonObject("permission_decision").getString("source"))
                    .isEqualTo("hook");
            assertThat(frames.stream().filter(f -> f.getString("type").equals("result")).findFirst().orElseThrow()
                    .getJsonArray("permission_denials")).hasSize(1);
            // the late answers changed nothing: no frame was written after the last one of the scenario
            assertThat(client.lastKind()).isEqualTo("system/session_state_changed");
        } finally {
            client.closeClient().await();
            sim.stop().await();
        }
    }
}
