package dev.blackbox.simulator;

import dev.blackbox.simulator.observe.ReceivedFrame;
import dev.blackbox.simulator.observe.SentFrame;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("Scenario steps and client frames")
class ScenarioStepsTest {

    private static final String SESSION = "session_01Steps";

    private static final String PROMPT = "{\"send\": {\"type\": \"control_request\", \"request_id\": \"${uuid:p}\", \"request\": "
            + "{\"subtype\": \"can_use_tool\", \"tool_name\": \"Bash\", \"input\": {\"command\": \"ls\"}, \"tool_use_id\": \"toolu_${id:t}\"}}}\n";

    private static void run(Vertx vertx, Scenario scenario, double timeScale, Consumer<Simulator> test) {
        Simulator sim = Simulator.start(vertx, SimulatorConfig.of(TestClient.TOKEN, TestClient.ORG, SESSION, scenario)
                .withTimeScale(timeScale)).await();
        try {
            test.accept(sim);
        } finally {
            sim.stop().await();
        }
    }

    @Test
    @DisplayName("a scenario pauses while nobody is subscribed and goes on, losing nothing, when someone subscribes again")
    void pausesWithoutSubscribers(Vertx vertx) {
        run(vertx, Scenario.parse("gap", """
                {"keep_alive": {}}
                {"pause": {"ms": 1500}}
                {"send": {"type": "system", "subtype": "status", "status": null, "session_id": "${session_id}", "uuid": "${uuid:one}"}}
                {"send": {"type": "system", "subtype": "status", "status": null, "session_id": "${session_id}", "uuid": "${uuid:two}"}}
                """), 1.0, sim -> {
            TestClient first = new TestClient(vertx, sim.port(), SESSION).script((c, f) -> c.close());
            first.connect().await();
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.subscribeAttempts(SESSION).get(0).clientCloseCode() != null);
            // the 1.5 s pause (long enough for the close to land first on a loaded machine) ends while nobody is
            // subscribed: nothing more is written, the run waits
            await().during(Duration.ofMillis(1800)).atMost(Duration.ofSeconds(5)).until(() -> sim.sentFrames(SESSION).size() == 1);
            assertThat(sim.scenarioFinished(SESSION).isComplete()).isFalse();

            TestClient second = new TestClient(vertx, sim.port(), SESSION);
            second.connect().await();
            sim.scenarioFinished(SESSION).await();
            await().atMost(Duration.ofSeconds(5)).until(() -> second.texts().size() == 2);
            assertThat(sim.sentFrames(SESSION)).extracting(SentFrame::connection).containsExactly(1L, 2L, 2L);
        });
    }

    @Test
    @DisplayName("an unanswered prompt runs the on_timeout branch, and a late answer is ignored")
    void permissionTimeout(Vertx vertx) {
        run(vertx, Scenario.parse("timeout", PROMPT + """
                {"await_permission": {"request_id": "${uuid:p}", "timeout_ms": 50, "on_allow": [{"send": {"type": "allowed"}}], "on_timeout": [{"send": {"type": "timed_out"}}]}}
                {"keep_alive": {}}
                """), 1.0, sim -> {
            TestClient client = new TestClient(vertx, sim.port(), SESSION);
            client.connect().await();
            sim.scenarioFinished(SESSION).await();
            await().atMost(Duration.ofSeconds(5)).until(() -> client.texts().size() == 3);
            client.allow(client.objects().get(0)).await();
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.receivedFrames(SESSION).size() == 1);
            assertThat(client.kinds()).containsExactly("control_request/can_use_tool", "timed_out", "keep_alive");
        });
    }

    @Test
    @DisplayName("an error answer runs on_error, with the error text available as ${answer:error}")
    void errorAnswer(Vertx vertx) {
        run(vertx, Scenario.parse("error", PROMPT + """
                {"await_permission": {"request_id": "${uuid:p}", "on_deny": [{"send": {"type": "denied"}}], "on_error": [{"send": {"type": "failed", "why": "${answer:error}"}}]}}
                """), 0.01, sim -> {
            TestClient client = new TestClient(vertx, sim.port(), SESSION).script((c, f) -> {
                if (f.getString("type").equals("control_request")) {
                    c.send(new JsonObject().put("type", "control_response").put("response", new JsonObject()
                            .put("subtype", "error").put("request_id", f.getString("request_id")).put("error", "tool is broken")));
                }
            });
            client.connect().await();
            sim.scenarioFinished(SESSION).await();
            await().atMost(Duration.ofSeconds(5)).until(() -> client.texts().size() == 2);
            assertThat(client.objects().get(1).getString("why")).isEqualTo("tool is broken");
        });
    }

    @Test
    @DisplayName("a permission answer POSTed as a control_response event settles the prompt too")
    void answerByPost(Vertx vertx) {
        run(vertx, Scenario.parse("post", PROMPT + """
                {"await_permission": {"request_id": "${uuid:p}", "on_allow": [{"send": {"type": "allowed"}}]}}
                """), 0.01, sim -> {
            TestClient client = new TestClient(vertx, sim.port(), SESSION);
            Api api = new Api(vertx, sim.port());
            client.connect().await();
            await().atMost(Duration.ofSeconds(5)).until(() -> client.texts().size() == 1);
            String requestId = client.objects().get(0).getString("request_id");
            JsonObject answer = new JsonObject().put("type", "control_response").put("response", new JsonObject()
                    .put("subtype", "success").put("request_id", requestId)
                    .put("response", new JsonObject().put("behavior", "allow").put("updatedInput", new JsonObject())));
            assertThat(api.post(SESSION, new JsonObject().put("events", new JsonArray().add(answer))).await().statusCode()).isEqualTo(200);
            sim.scenarioFinished(SESSION).await();
            await().atMost(Duration.ofSeconds(5)).until(() -> client.kinds().contains("allowed"));
            api.close();
        });
    }

    @Test
    @DisplayName("tolerates an auth frame (keeping it without its token), NDJSON and binary frames, and refuses unsupported requests")
    void clientFrames(Vertx vertx) {
        run(vertx, Scenario.parse("quiet", """
                {"await_user_message": {}}
                {"send": {"type": "done"}}
                """), 0.01, sim -> {
            TestClient client = new TestClient(vertx, sim.port(), SESSION);
            client.connect().await();
            client.send("{\"type\":\"auth\",\"credential\":{\"type\":\"oauth\",\"token\":\"sk-very-secret\"}}\n").await();
            client.send("{\"type\":\"keep_alive\"}\n{\"type\":\"control_request\",\"request_id\":\"r-9\",\"request\":{\"subtype\":\"set_model\"}}\n").await();
            client.send(Api.userEvent(SESSION, "u-ws", "typed on the socket")).await();

            sim.scenarioFinished(SESSION).await();
            await().atMost(Duration.ofSeconds(5)).until(() -> client.kinds().contains("done"));
            List<ReceivedFrame> received = sim.receivedFrames(SESSION);
            assertThat(received).hasSize(3);
            assertThat(received.get(0).text()).doesNotContain("sk-very-secret").contains("<redacted>");
            JsonObject refusal = client.objects().stream().filter(f -> f.getString("type").equals("control_response")).findFirst().orElseThrow();
            assertThat(refusal.getJsonObject("response").getString("subtype")).isEqualTo("error");
            assertThat(refusal.getJsonObject("response").getString("request_id")).isEqualTo("r-9");
            assertThat(refusal.getJsonObject("response").getString("error")).isEqualTo("Unsupported control request subtype: set_model");

            byte[] bytes = {(byte) 0xff, 0x00, 0x7f};
            client.sendBinary(bytes).await();
            sim.session(SESSION).when(log -> log.receivedFrames().size() == 4).await();
            assertThat(sim.receivedFrames(SESSION).get(3).binary()).isEqualTo(bytes);
        });
    }

    @Test
    @DisplayName("a scenario's options header can turn the isReplay echo off")
    void echoOnce(Vertx vertx) {
        run(vertx, Scenario.parse("once", """
                {"options": {"echo_replay": false}}
                {"await_user_message": {}}
                {"send": {"type": "done"}}
                """), 0.01, sim -> {
            TestClient client = new TestClient(vertx, sim.port(), SESSION);
            Api api = new Api(vertx, sim.port());
            client.connect().await();
            api.postMessage(SESSION, "hello").await();
            sim.scenarioFinished(SESSION).await();
            await().atMost(Duration.ofSeconds(5)).until(() -> client.kinds().contains("done"));
            assertThat(client.kinds()).containsExactly("user", "done");
            api.close();
        });
    }
}
