package dev.blackbox.simulator;

import dev.blackbox.simulator.scenario.Scenario;
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
class UnattendedScenarioTest {

    private static final String SESSION = "session_unattended";

    @Test
    @DisplayName("An unattended worker keeps going while nobody listens: those frames reach the history only, and the history pages them")
    void framesWhileNobodyListens(Vertx vertx) {
        Scenario scenario = Scenario.parse("unattended", String.join("\n",
                "{\"options\": {\"unattended\": true}}",
                "{\"send\": {\"type\": \"system\", \"subtype\": \"status\", \"status\": \"requesting\", \"uuid\": \"u1\"}}",
                "{\"close\": {\"code\": 1006, \"wait\": false}}",
                "{\"send\": {\"type\": \"assistant\", \"uuid\": \"u2\", \"message\": {\"content\": []}}}",
                "{\"send\": {\"type\": \"control_request\", \"request_id\": \"r1\", \"request\": {\"subtype\": \"can_use_tool\", \"tool_name\": \"Bash\", \"input\": {}}}}",
                "{\"send_raw\": \"not an event\"}",
                "{\"pause\": {\"ms\": 60000}}"));
        Simulator sim = Simulator.start(vertx, SimulatorConfig.of(TestClient.TOKEN, TestClient.ORG, SESSION, scenario)).await();
        TestClient client = new TestClient(vertx, sim.port(), SESSION);
        Api api = new Api(vertx, sim.port());
        try {
            client.connect().await();
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.history(SESSION).size() == 3 && client.texts().size() == 1);
            assertThat(sim.sentTexts(SESSION)).hasSize(1);
            List<String> history = sim.history(SESSION);
            assertThat(new JsonObject(history.get(1)).getString("uuid")).isEqualTo("u2");
            JsonObject page = api.history(SESSION, "?after_id=u1&limit=10").await().bodyAsJsonObject();
            assertThat(page.getJsonArray("data")).hasSize(2);
            assertThat(page.getString("first_id")).isEqualTo("u2");
            assertThat(page.getBoolean("has_more")).isFalse();
        } finally {
            client.closeClient().await();
            api.close();
            sim.stop().await();
        }
    }
}
