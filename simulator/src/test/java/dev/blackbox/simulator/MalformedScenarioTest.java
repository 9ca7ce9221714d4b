package dev.blackbox.simulator;

import dev.blackbox.simulator.observe.SentFrame;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("The malformed scenario")
class MalformedScenarioTest {

    private static final String SESSION = "session_01Malformed";

    @Test
    @DisplayName("sends non-JSON, typeless, binary, 16 MiB and unknown frames exactly as recorded, and waits for error answers to unsupported requests")
    void oddFrames(Vertx vertx) {
        // real time: the two await_response steps would take 5 s each if the answers were not seen
        Simulator sim = Simulator.start(vertx, SimulatorConfig.of(TestClient.TOKEN, TestClient.ORG, SESSION,
                Scenarios.load("malformed"))).await();
        TestClient client = new TestClient(vertx, sim.port(), SESSION).script((c, frame) -> {
            if ("control_request".equals(frame.getString("type"))) {
                String subtype = frame.getJsonObject("request").getString("subtype");
                c.send(new JsonObject().put("type", "control_response").put("response", new JsonObject()
                        .put("subtype", "error").put("request_id", frame.getString("request_id"))
                        .put("error", "Unsupported control request subtype: " + subtype)));
            }
        });
        try {
            client.connect().await();
            sim.session(SESSION).scenarioFinished().await();
            await().atMost(Duration.ofSeconds(5)).until(() -> client.frames().size() == sim.sentFrames(SESSION).size());

            List<Object> received = client.frames();
            List<SentFrame> sent = sim.sentFrames(SESSION);
            for (int i = 0; i < sent.size(); i++) {
                SentFrame s = sent.get(i);
                if (s.isBinary()) {
                    assertThat(received.get(i)).isInstanceOf(byte[].class).isEqualTo(s.binary());
                } else {
                    assertThat(s.text().equals(received.get(i))).as("frame %d is what was sent", i).isTrue();
                }
            }
            assertThat(sent).filteredOn(SentFrame::isBinary).hasSize(2);
            assertThat(client.texts().stream().filter(t -> t.length() < 100_000).toList()).contains("this is not json {", "[{\"type\":\"assistant\"},{\"type\":\"user\"}]", "{\"type\":null}", "");
            String huge = client.texts().stream().filter(t -> t.length() > 1_000_000).findFirst().orElseThrow();
            assertThat(huge.getBytes(StandardCharsets.UTF_8)).hasSize(16 * 1024 * 1024);
            assertThat(new JsonObject(huge).getString("type")).isEqualTo("assistant");
            assertThat(client.kinds()).contains("brand_new_frame_type", "system/model_refusal_fallback",
                    "control_request/elicitation", "control_request/hook_callback", "keep_alive", "result/success");
            assertThat(sim.receivedFrames(SESSION)).hasSize(2);
            assertThat(sim.session(SESSION).sentBytes()).isGreaterThan(16L * 1024 * 1024);
        } finally {
            client.closeClient().await();
            sim.stop().await();
        }
    }
}
