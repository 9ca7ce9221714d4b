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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("The interrupt scenario")
class InterruptScenarioTest {

    private static final String SESSION = "session_01Interrupt";

    private Simulator sim;
    private TestClient client;
    private Api api;

    @BeforeEach
    void start(Vertx vertx) {
        // 400 deltas at 20/s, scaled by 0.2: four seconds of streaming, interrupted after a tenth of a second
        sim = Simulator.start(vertx, SimulatorConfig.of(TestClient.TOKEN, TestClient.ORG, SESSION,
                Scenarios.load("interrupt", Map.of("deltas", "400", "rate", "20"))).withTimeScale(0.2)).await();
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
    @DisplayName("ends a streaming turn with an aborted assistant, the synthetic user frame and aborted_streaming, then a pending prompt with cancel, ack and aborted_tools in that order")
    void interruptsBothTurns() {
        client.script((c, frame) -> {
            if ("stream_event".equals(frame.getString("type")) && c.count("stream_event/content_block_delta") == 20) {
                c.interrupt("interrupt-streaming");
            }
            if ("control_request".equals(frame.getString("type"))) {
                c.interrupt("interrupt-pending");
            }
        });
        client.connect().await();

        await().atMost(Duration.ofSeconds(10)).until(() -> client.kinds().contains("result/error_during_execution"));
        List<JsonObject> turn1 = client.objects();
        int ack = indexOf(turn1, f -> isAck(f, "interrupt-streaming"));
        assertThat(ack).isPositive();
        List<JsonObject> after = turn1.subList(ack + 1, turn1.size());
        assertThat(after).extracting(TestClient::kind).containsExactly(
                "assistant", "user", "result/error_during_execution", "system/session_state_changed");
        assertThat(after.get(0).getBoolean("aborted")).isTrue();
        assertThat(after.get(0).getJsonObject("message").getJsonArray("content").getJsonObject(0).getString("text")).isNotEmpty();
        assertThat(after.get(1).getJsonObject("message").getJsonArray("content").getJsonObject(0).getString("text"))
                .isEqualTo("[Request interrupted by user]");
        JsonObject result1 = after.get(2);
        assertThat(result1.getBoolean("is_error")).isTrue();
        assertThat(result1.getString("terminal_reason")).isEqualTo("aborted_streaming");
        assertThat(turn1.stream().filter(f -> TestClient.kind(f).equals("stream_event/content_block_delta")).count())
                .as("the stream stopped soon after the interrupt").isLessThan(400);

        api.postMessage(SESSION, "Run the e2e tests").await();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.count("result/error_during_execution") == 2);
        List<JsonObject> all = client.objects();
        int prompt = indexOf(all, f -> TestClient.kind(f).equals("control_request/can_use_tool"));
        String requestId = all.get(prompt).getString("request_id");
        String toolUseId = all.get(prompt).getJsonObject("request").getString("tool_use_id");
        List<JsonObject> ending = all.subList(prompt + 1, all.size());
        assertThat(ending).extracting(TestClient::kind).containsExactly("control_cancel_request", "control_response",
                "user", "user", "result/error_during_execution", "system/session_state_changed");
        assertThat(ending.get(0).getString("request_id")).isEqualTo(requestId);
        assertThat(isAck(ending.get(1), "interrupt-pending")).isTrue();
        assertThat(ending.get(1).getJsonObject("response").getJsonObject("response").getJsonArray("still_queued")).isEmpty();
        JsonObject rejected = ending.get(2);
        assertThat(rejected.getString("tool_use_result")).isEqualTo("User rejected tool use");
        assertThat(rejected.getJsonArray("tool_result_meta").getJsonObject(0).getString("non_execution_kind")).isEqualTo("user-rejected");
        assertThat(rejected.getJsonObject("message").getJsonArray("content").getJsonObject(0).getString("tool_use_id")).isEqualTo(toolUseId);
        assertThat(ending.get(3).getJsonObject("message").getJsonArray("content").getJsonObject(0).getString("text"))
                .isEqualTo("[Request interrupted by user for tool use]");
        JsonObject result2 = ending.get(4);
        assertThat(result2.getString("terminal_reason")).isEqualTo("aborted_tools");
        assertThat(result2.getJsonArray("permission_denials").getJsonObject(0).getString("tool_use_id")).isEqualTo(toolUseId);

        api.postMessage(SESSION, "Never mind").await();
        sim.scenarioFinished(SESSION).await();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.kinds().contains("result/success"));
        assertThat(client.lastKind()).isEqualTo("system/session_state_changed");
    }

    @Test
    @DisplayName("only acknowledges an interrupt while the session is idle")
    void idleInterruptIsOnlyAcknowledged() {
        client.script((c, frame) -> {
            if ("stream_event".equals(frame.getString("type")) && c.count("stream_event/content_block_delta") == 5) {
                c.interrupt("first");
            }
        });
        client.connect().await();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.kinds().contains("result/error_during_execution"));
        await().atMost(Duration.ofSeconds(5)).until(() -> "system/session_state_changed".equals(client.lastKind()));
        int before = client.objects().size();

        client.interrupt("while-idle").await();

        await().atMost(Duration.ofSeconds(5)).until(() -> client.objects().size() == before + 1);
        assertThat(isAck(client.objects().get(before), "while-idle")).isTrue();
    }

    private static boolean isAck(JsonObject f, String requestId) {
        return f.getString("type").equals("control_response")
                && requestId.equals(f.getJsonObject("response").getString("request_id"))
                && "success".equals(f.getJsonObject("response").getString("subtype"));
    }

    private static int indexOf(List<JsonObject> frames, java.util.function.Predicate<JsonObject> p) {
        for (int i = 0; i < frames.size(); i++) {
            if (p.test(frames.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
