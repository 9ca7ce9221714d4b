package dev.blackbox.simulator;

import dev.blackbox.simulator.observe.RecordedRequest;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("The events API")
class EventsApiTest {

    private static final String SESSION = "session_01Events";
    /** 30 frames with uuids, then it waits for a message, then one more frame. */
    private static final Scenario THIRTY = Scenario.parse("thirty", "{\"params\": {}}\n"
            + "{\"send\": {\"type\": \"system\", \"subtype\": \"status\", \"status\": \"requesting\", \"session_id\": \"${session_id}\", \"uuid\": \"${uuid}\"}}\n".repeat(30)
            + "{\"await_user_message\": {}}\n"
            + "{\"send\": {\"type\": \"keep_alive\"}}\n"
            + "{\"send\": {\"type\": \"control_cancel_request\", \"request_id\": \"r1\"}}\n");

    private Simulator sim;
    private Api api;
    private TestClient client;

    @BeforeEach
    void start(Vertx vertx) {
        sim = Simulator.start(vertx, SimulatorConfig.of(TestClient.TOKEN, TestClient.ORG, SESSION, THIRTY).withTimeScale(0.01)).await();
        api = new Api(vertx, sim.port());
        client = new TestClient(vertx, sim.port(), SESSION);
    }

    @AfterEach
    void stop() {
        client.closeClient().await();
        api.close();
        sim.stop().await();
    }

    @Test
    @DisplayName("echoes a POSTed user message with its uuid, then as a replay, and lets the scenario go on")
    void postEchoes() {
        client.connect().await();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.texts().size() == 30);
        JsonObject event = Api.userEvent(SESSION, "3f0c2b4e-8a51-4f6b-9d0e-2c7a1b9e5d44", "Refactor the parser");

        HttpResponse<Buffer> response = api.post(SESSION, new JsonObject().put("events", new JsonArray().add(event))).await();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject().getJsonArray("events").getJsonObject(0)).isEqualTo(event);
        sim.scenarioFinished(SESSION).await();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.texts().size() == 34);
        List<JsonObject> frames = client.objects();
        assertThat(frames.get(30)).isEqualTo(event);
        assertThat(frames.get(31).getBoolean("isReplay")).isTrue();
        assertThat(frames.get(31).getString("uuid")).isEqualTo(event.getString("uuid"));
        assertThat(frames.get(32).getString("type")).isEqualTo("keep_alive");

        RecordedRequest post = sim.posts(SESSION).get(0);
        assertThat(post.status()).isEqualTo(200);
        assertThat(post.bearerMatched()).isTrue();
        assertThat(post.header("anthropic-beta")).isEqualTo("ccr-byoc-2025-07-29");
        assertThat(post.header("x-organization-uuid")).isEqualTo(TestClient.ORG);
        assertThat(post.headers()).doesNotContainKey("authorization");
        assertThat(new JsonObject(post.body()).getJsonArray("events").getJsonObject(0)).isEqualTo(event);
    }

    @Test
    @DisplayName("re-posting a uuid only re-acknowledges it as a replay")
    void duplicatePost() {
        client.connect().await();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.texts().size() == 30);
        JsonObject body = new JsonObject().put("events", new JsonArray().add(Api.userEvent(SESSION, "u-1", "hi")));
        api.post(SESSION, body).await();
        api.post(SESSION, body).await();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.texts().size() == 35);
        List<JsonObject> echoes = client.objects().stream().filter(f -> "u-1".equals(f.getString("uuid"))).toList();
        assertThat(echoes).extracting(f -> f.getBoolean("isReplay", false)).containsExactly(false, true, true);
    }

    @Test
    @DisplayName("refuses a bad token with 401, an unknown session with 404, bad headers and bodies with 400, another org with 403")
    void postValidation(Vertx vertx) {
        JsonObject ok = new JsonObject().put("events", new JsonArray().add(Api.userEvent(SESSION, "u-2", "hi")));
        assertThat(api.web().post(sim.port(), "127.0.0.1", "/v1/sessions/" + SESSION + "/events")
                .putHeader("Authorization", "Bearer nope").sendJsonObject(ok).await().statusCode()).isEqualTo(401);
        assertThat(api.post("session_nobody", ok).await().statusCode()).isEqualTo(404);
        assertThat(status(api.post(SESSION, new JsonObject().put("events", new JsonArray())))).isEqualTo(400);
        assertThat(status(api.post(SESSION, new JsonObject().put("nothing", 1)))).isEqualTo(400);
        assertThat(status(api.post(SESSION, new JsonObject().put("events", new JsonArray().add(new JsonObject().put("uuid", "x")))))).isEqualTo(400);
        assertThat(status(api.post(SESSION, new JsonObject().put("events", new JsonArray().add(
                new JsonObject().put("type", "user").put("message", new JsonObject().put("role", "assistant").put("content", "x"))))))).isEqualTo(400);
        HttpResponse<Buffer> notJson = api.withHeaders(api.web().post(sim.port(), "127.0.0.1", "/v1/sessions/" + SESSION + "/events"))
                .sendBuffer(Buffer.buffer("{not json")).await();
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("invalid_request_error");
        HttpResponse<Buffer> noBeta = api.web().post(sim.port(), "127.0.0.1", "/v1/sessions/" + SESSION + "/events")
                .putHeader("Authorization", "Bearer " + TestClient.TOKEN).putHeader("anthropic-version", "2023-06-01")
                .putHeader("x-organization-uuid", TestClient.ORG).sendJsonObject(ok).await();
        assertThat(noBeta.statusCode()).isEqualTo(400);
        assertThat(noBeta.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("anthropic-beta");
        HttpResponse<Buffer> otherOrg = api.withHeaders(api.web().post(sim.port(), "127.0.0.1", "/v1/sessions/" + SESSION + "/events"))
                .putHeader("x-organization-uuid", "00000000-0000-4000-8000-000000000000").sendJsonObject(ok).await();
        assertThat(otherOrg.statusCode()).isEqualTo(403);

        assertThat(sim.posts(SESSION)).extracting(RecordedRequest::status).containsExactly(401, 400, 400, 400, 400, 400, 400, 403);
        assertThat(sim.posts(SESSION)).allSatisfy(r -> assertThat(r.headers()).doesNotContainKey("authorization"));
    }

    @Test
    @DisplayName("pages the history newest-first with anchor_to_latest and before_id, and forward with after_id")
    void historyPaging() {
        client.connect().await();
        api.postMessage(SESSION, "go on").await();
        sim.scenarioFinished(SESSION).await();
        // 30 status frames, the user message, the control_cancel_request (the keep_alive is not an event)
        JsonObject latest = page("?limit=10&anchor_to_latest=true");
        assertThat(latest.getJsonArray("data")).hasSize(10);
        assertThat(latest.getBoolean("has_more")).isTrue();
        assertThat(latest.getJsonArray("data").getJsonObject(9).getString("type")).isEqualTo("control_cancel_request");
        assertThat(latest.getJsonArray("data").getJsonObject(8).getString("type")).isEqualTo("user");

        List<JsonObject> all = new ArrayList<>(latest.getJsonArray("data").stream().map(o -> (JsonObject) o).toList());
        JsonObject older = latest;
        while (older.getBoolean("has_more")) {
            older = page("?limit=10&before_id=" + older.getString("first_id"));
            all.addAll(0, older.getJsonArray("data").stream().map(o -> (JsonObject) o).toList());
        }
        assertThat(all).hasSize(32);
        assertThat(all.get(0).getString("uuid")).isEqualTo(older.getString("first_id"));

        JsonObject first = page("?limit=25");
        JsonObject rest = page("?limit=25&after_id=" + first.getString("last_id"));
        assertThat(first.getBoolean("has_more")).isTrue();
        assertThat(rest.getBoolean("has_more")).isFalse();
        assertThat(rest.getJsonArray("data")).hasSize(7);
        assertThat(rest.getString("last_id")).isEqualTo(latest.getString("last_id"));

        JsonObject empty = page("?after_id=" + rest.getString("last_id"));
        assertThat(empty.getJsonArray("data")).isEmpty();
        assertThat(empty.getValue("first_id")).isNull();
        assertThat(api.history(SESSION, "?before_id=nope").await().statusCode()).isEqualTo(400);
        assertThat(api.history(SESSION, "?limit=0").await().statusCode()).isEqualTo(400);
        assertThat(api.history("session_nobody", "").await().statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("describes the session as a SessionResource")
    void sessionResource() {
        client.connect().await();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.texts().size() == 30);
        JsonObject session = api.session(SESSION).await().bodyAsJsonObject();
        assertThat(session.getString("type")).isEqualTo("session");
        assertThat(session.getString("id")).isEqualTo(SESSION);
        assertThat(session.getString("session_status")).isEqualTo("idle");
        assertThat(session.getJsonObject("session_context").getString("cwd")).isEqualTo("/home/user/app");
        assertThat(api.session("session_nobody").await().statusCode()).isEqualTo(404);
    }

    private JsonObject page(String query) {
        HttpResponse<Buffer> r = api.history(SESSION, query).await();
        assertThat(r.statusCode()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }

    private static int status(io.vertx.core.Future<HttpResponse<Buffer>> f) {
        return f.await().statusCode();
    }
}
