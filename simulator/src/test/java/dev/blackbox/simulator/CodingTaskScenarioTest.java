package dev.blackbox.simulator;

import dev.blackbox.simulator.scenario.Scenarios;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("The coding-task scenario")
class CodingTaskScenarioTest {

    private static final String SESSION = "session_01CodingTask";

    private Simulator sim;
    private TestClient client;
    private Api api;

    @BeforeEach
    void start(Vertx vertx) {
        sim = Simulator.start(vertx, SimulatorConfig.of(TestClient.TOKEN, TestClient.ORG, SESSION, Scenarios.load("coding-task"))
                .withTimeScale(0.01)).await();
        client = new TestClient(vertx, sim.port(), SESSION);
        api = new Api(vertx, sim.port());
    }

    @AfterEach
    void stop() {
        client.closeClient().await();
        api.close();
        sim.stop().await();
    }

    @Test
    @DisplayName("runs two turns against a client that allows the Bash prompt, denies the Edit and posts a follow-up")
    void twoTurns() {
        client.script((c, frame) -> {
            if ("control_request".equals(frame.getString("type"))) {
                JsonObject request = frame.getJsonObject("request");
                if ("Bash".equals(request.getString("tool_name"))) {
                    c.allow(frame);
                } else {
                    c.deny(frame, "not this file");
                }
            }
            if ("result".equals(frame.getString("type")) && c.count("result/success") == 1) {
                api.postMessage(SESSION, "Also update the README");
            }
        });
        client.connect().await();

        sim.scenarioFinished(SESSION).await();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.texts().size() == sim.sentTexts(SESSION).size());

        List<String> kinds = client.kinds();
        assertThat(kinds).startsWith("user", "system/init", "system/session_state_changed", "system/status",
                "stream_event/message_start", "stream_event/content_block_start", "stream_event/content_block_delta");
        assertThat(kinds).containsSubsequence("assistant", "assistant", "system/session_state_changed",
                "control_request/can_use_tool", "system/session_state_changed", "user", "system/status");
        assertThat(kinds.stream().filter(k -> k.equals("control_request/can_use_tool"))).hasSize(2);
        assertThat(kinds.stream().filter(k -> k.equals("result/success"))).hasSize(2);
        assertThat(kinds.stream().filter(k -> k.equals("system/init"))).hasSize(2);
        assertThat(kinds).contains("keep_alive", "tool_progress");
        assertThat(client.lastKind()).isEqualTo("system/session_state_changed");

        List<JsonObject> frames = client.objects();
        JsonObject bashPrompt = frames.stream().filter(f -> "Bash".equals(toolName(f))).findFirst().orElseThrow();
        JsonObject bashResult = toolResultFor(frames, bashPrompt.getJsonObject("request").getString("tool_use_id"));
        assertThat(bashResult.getJsonObject("tool_use_result").getString("stdout")).contains("42 passing");
        assertThat(bashResult.getJsonArray("tool_result_meta").getJsonObject(0).getJsonObject("permission_decision").getString("decision"))
                .isEqualTo("accept");

        JsonObject editPrompt = frames.stream().filter(f -> "Edit".equals(toolName(f))).findFirst().orElseThrow();
        assertThat(editPrompt.getJsonObject("request").fieldNames())
                .contains("display_name", "description", "permission_suggestions", "blocked_path", "tool_use_id", "input");
        JsonObject editResult = toolResultFor(frames, editPrompt.getJsonObject("request").getString("tool_use_id"));
        JsonObject block = editResult.getJsonObject("message").getJsonArray("content").getJsonObject(0);
        assertThat(block.getBoolean("is_error")).isTrue();
        assertThat(block.getString("content")).endsWith("the user said:\nnot this file");

        JsonObject result = frames.stream().filter(f -> f.getString("type").equals("result")).findFirst().orElseThrow();
        assertThat(result.fieldNames()).contains("usage", "modelUsage", "total_cost_usd", "permission_denials", "terminal_reason");
        assertThat(result.getValue("total_cost_usd").toString()).isEqualTo("0.061396");
        assertThat(frames).allSatisfy(f -> {
            if (f.containsKey("session_id")) {
                assertThat(f.getString("session_id")).isEqualTo(SESSION);
            }
        });
    }

    @Test
    @DisplayName("writes exactly what the client receives, byte for byte")
    void sentFramesAreWhatTheClientReceived() {
        client.script((c, frame) -> {
            if ("control_request".equals(frame.getString("type"))) {
                c.allow(frame);
            }
        });
        client.connect().await();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.kinds().contains("result/success"));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.texts().size() == sim.sentTexts(SESSION).size());

        assertThat(sim.sentTexts(SESSION)).containsExactlyElementsOf(client.texts());
        assertThat(sim.sentFrames(SESSION)).allSatisfy(f -> assertThat(f.isBinary()).isFalse());
        assertThat(sim.receivedFrames(SESSION)).hasSize(2);
    }

    private static String toolName(JsonObject f) {
        JsonObject request = f.getJsonObject("request");
        return request == null ? null : request.getString("tool_name");
    }

    private static JsonObject toolResultFor(List<JsonObject> frames, String toolUseId) {
        return frames.stream().filter(f -> f.getString("type").equals("user") && f.containsKey("tool_use_result"))
                .filter(f -> f.getJsonObject("message").getJsonArray("content").getJsonObject(0).getString("tool_use_id").equals(toolUseId))
                .findFirst().orElseThrow();
    }
}
