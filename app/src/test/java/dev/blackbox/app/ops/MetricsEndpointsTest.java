package dev.blackbox.app.ops;

import dev.blackbox.app.Blackbox;
import dev.blackbox.app.config.BlackboxConfig;
import dev.blackbox.bus.Addresses;
import dev.blackbox.frame.FrameSniffer;
import dev.blackbox.recorder.remote.ReconnectMode;
import dev.blackbox.recorder.remote.ReconnectTimings;
import dev.blackbox.recorder.remote.RemoteSession;
import dev.blackbox.recorder.remote.TokenSource;
import dev.blackbox.recorder.session.SessionSettings;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * /metrics, /health and /readiness of a real recorder (the one assembly, on a Vert.x built with
 * metrics) recording the real simulator over loopback: the meters move as frames, a decision and a
 * reconnect happen, readiness follows the connection, and the port answers on loopback only.
 */
class MetricsEndpointsTest {

    static final String TOKEN = "sk-ant-oat01-METRICS-test-token";
    static final String ORG = "5fa8c2b4-1111-4222-8333-9444555566aa";
    static final String SESSION = "session_metrics";
    static final BlackboxConfig.Metrics ON = new BlackboxConfig.Metrics(true, "127.0.0.1", 0);

    static final String INIT = "{\"send\":{\"type\":\"system\",\"subtype\":\"init\",\"cwd\":\"/work\",\"session_id\":\"${session_id}\","
            + "\"tools\":[\"Bash\"],\"model\":\"claude-opus-5-5\",\"permissionMode\":\"default\",\"uuid\":\"${uuid}\"}}";
    static final String TOOL_USE = "{\"send\":{\"type\":\"assistant\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-opus-5-5\",\"content\":[{\"type\":\"tool_use\",\"id\":\"${uuid:tu1}\",\"name\":\"Bash\",\"input\":{\"command\":\"ls\"}}],"
            + "\"stop_reason\":null,\"usage\":{\"input_tokens\":42,\"output_tokens\":7}},\"parent_tool_use_id\":null,"
            + "\"session_id\":\"${session_id}\",\"uuid\":\"${uuid}\"}}";
    static final String CAN_USE_TOOL = "{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:r1}\",\"request\":{\"subtype\":\"can_use_tool\","
            + "\"tool_name\":\"Bash\",\"display_name\":\"Bash\",\"input\":{\"command\":\"ls\"},\"tool_use_id\":\"${uuid:tu1}\"}}}";
    static final String AWAIT = "{\"await_permission\":{\"request_id\":\"${uuid:r1}\",\"on_allow\":[{\"send\":{\"type\":\"user\",\"message\":{\"role\":\"user\","
            + "\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"${uuid:tu1}\",\"content\":\"a b c\",\"is_error\":false}]},"
            + "\"parent_tool_use_id\":null,\"session_id\":\"${session_id}\",\"uuid\":\"${uuid}\"}}]}}";
    static final String RESULT = "{\"send\":{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"num_turns\":1,\"result\":\"done\","
            + "\"total_cost_usd\":0.0123,\"usage\":{\"input_tokens\":42,\"output_tokens\":7},\"session_id\":\"${session_id}\",\"uuid\":\"${uuid}\"}}";

    @TempDir
    Path journal;

    Vertx vertx;
    Vertx simulatorVertx;
    WebClient http;
    Blackbox blackbox;

    @BeforeEach
    void start() {
        vertx = MetricsVertx.local(ON);
        simulatorVertx = Vertx.vertx();
        http = WebClient.create(simulatorVertx);
    }

    @AfterEach
    void stop() {
        if (blackbox != null) {
            blackbox.stop().await();
        }
        vertx.close().await();
        simulatorVertx.close().await();
    }

    private SessionSettings session(int port) {
        return new SessionSettings(SESSION, journal, false, null, new RemoteSession(URI.create("http://127.0.0.1:" + port), ORG,
                TokenSource.of(TOKEN), ReconnectMode.PERSISTENT, ReconnectTimings.upstream().scaled(0.01)));
    }

    private HttpResponse<Buffer> get(String path) {
        return http.get(blackbox.ops().port(), "127.0.0.1", path).send().await();
    }

    private Scrape scrape() {
        HttpResponse<Buffer> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).startsWith("text/plain");
        return Scrape.parse(r.bodyAsString());
    }

    private JsonObject status() {
        return vertx.eventBus().<JsonObject>request(Addresses.status(SESSION), null).await().body();
    }

    @Test
    @DisplayName("/metrics counts frames by type (malformed too), bytes, a decision by outcome and via, a reconnect by cause, pending requests and one append timing per frame")
    void metersMove() {
        Scenario scenario = Scenario.parse("metrics", String.join("\n", INIT, "{\"send_raw\":\"this is not json\"}", TOOL_USE,
                CAN_USE_TOOL, AWAIT, "{\"close\":{\"code\":1001,\"reason\":\"deploy\"}}", RESULT, "{\"await_user_message\":{}}", "{\"stop\":{}}"));
        Simulator sim = Simulator.start(simulatorVertx, SimulatorConfig.of(TOKEN, ORG, SESSION, scenario).withTimeScale(0.01)).await();
        AtomicReference<String> requestId = new AtomicReference<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.PERMISSIONS_REQUESTED, m -> requestId.set(m.body().getString("requestId")))
                .completion().await();
        blackbox = Blackbox.start(vertx, Blackbox.Plan.record(List.of(session(sim.port()))).withMetrics(ON)).await();

        await().atMost(Duration.ofSeconds(20)).until(() -> requestId.get() != null);
        Scrape waiting = scrape();
        assertThat(waiting.value("blackbox_permissions_pending", "session", SESSION)).isEqualTo(1);
        assertThat(waiting.value("blackbox_permissions_pending_oldest_seconds", "session", SESSION)).isGreaterThanOrEqualTo(0);

        vertx.eventBus().request(Addresses.decide(SESSION), new JsonObject().put("requestId", requestId.get())
                .put("behavior", "allow").put("decidedBy", "tester").put("via", "cli")).await();
        vertx.eventBus().request(Addresses.decide(SESSION), new JsonObject().put("requestId", requestId.get())
                .put("behavior", "deny").put("decidedBy", "late").put("via", "web")).otherwiseEmpty().await();
        await().atMost(Duration.ofSeconds(20)).until(() -> status().getLong("framesReceived") == sim.sentTexts(SESSION).size()
                && sim.sentTexts(SESSION).stream().anyMatch(t -> t.contains("\"type\":\"result\"")));

        Scrape s = scrape();
        Map<String, Long> sentByType = typesOf(sim.sentTexts(SESSION));
        assertThat(sentByType).containsEntry("system", 1L).containsEntry("assistant", 1L).containsEntry("malformed", 1L)
                .containsEntry("control_request", 1L).containsEntry("user", 1L).containsEntry("result", 1L);
        sentByType.forEach((type, n) -> assertThat(s.value("blackbox_frames_received_total", "session", SESSION, "type", type))
                .as("frames of type %s", type).isEqualTo(n.doubleValue()));
        assertThat(s.value("blackbox_frames_received_total", "session", SESSION)).isEqualTo(sim.sentTexts(SESSION).size());
        assertThat(s.value("blackbox_frames_received_bytes_total", "session", SESSION))
                .isEqualTo(sim.sentTexts(SESSION).stream().mapToInt(t -> t.getBytes(StandardCharsets.UTF_8).length).sum());
        assertThat(s.value("blackbox_frames_sent_total", "session", SESSION, "type", "control_response")).isEqualTo(1);
        assertThat(s.value("blackbox_decisions_total", "session", SESSION, "outcome", "allow", "via", "cli")).isEqualTo(1);
        assertThat(s.value("blackbox_decisions_total", "session", SESSION)).isEqualTo(1);
        assertThat(s.value("blackbox_decisions_refused_total", "session", SESSION, "reason", "already_decided")).isEqualTo(1);
        assertThat(s.value("blackbox_decision_latency_seconds_count", "session", SESSION, "via", "cli")).isEqualTo(1);
        assertThat(s.value("blackbox_reconnects_total", "session", SESSION, "cause", "going_away")).isEqualTo(1);
        assertThat(s.value("blackbox_reconnects_total", "session", SESSION)).isEqualTo(1);
        assertThat(s.value("blackbox_permissions_pending", "session", SESSION)).isZero();
        assertThat(s.value("blackbox_session_connected", "session", SESSION)).isEqualTo(1);
        JsonObject status = status();
        assertThat(s.value("blackbox_journal_append_seconds_count", "session", SESSION))
                .as("one append timed per frame, in and out").isEqualTo(status.getLong("framesReceived") + status.getLong("framesSent"));
        assertThat(s.matching("blackbox_journal_append_seconds_bucket", "session", SESSION)).hasSizeGreaterThan(5);
        assertThat(s.value("blackbox_journal_free_bytes", "root", journal.toString())).isPositive();
        assertThat(s.value("blackbox_frames_backfilled_total", "session", SESSION)).isZero();
        assertThat(s.has("blackbox_webhook_failures_total")).isTrue();
        assertThat(s.has("vertx_http_client_active_ws_connections") || s.text().contains("vertx_http_client")).as("Vert.x's own HTTP meters").isTrue();
        assertThat(s.text()).contains("vertx_eventbus_").contains("jvm_memory_used_bytes");
        assertThat(s.text()).doesNotContain(TOKEN);
    }

    /** What the recorder's classifier makes of each frame, as the meters' tag values. */
    private static Map<String, Long> typesOf(List<String> frames) {
        FrameSniffer sniffer = new FrameSniffer();
        return frames.stream().map(f -> sniffer.sniff(f.getBytes(StandardCharsets.UTF_8)) ? sniffer.type() : "malformed")
                .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
    }

    @Test
    @DisplayName("/readiness is 503 naming the failing check while the session cannot connect, and 200 once it is connected; /health is 200 throughout")
    void readinessFollowsTheConnection() throws IOException {
        int port = freePort();
        blackbox = Blackbox.start(vertx, Blackbox.Plan.record(List.of(session(port))).withMetrics(ON)).await();
        await().atMost(Duration.ofSeconds(10)).until(() -> status().getString("status").equals("reconnecting"));

        HttpResponse<Buffer> down = get("/readiness");
        assertThat(down.statusCode()).isEqualTo(503);
        Map<String, String> checks = checks(down.bodyAsJsonObject());
        assertThat(checks).containsEntry("session." + SESSION + ".connection", "DOWN")
                .containsEntry("session." + SESSION + ".bus", "UP")
                .containsEntry("session." + SESSION + ".journal", "UP");
        assertThat(down.bodyAsString()).contains("reconnecting");
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/healthz").statusCode()).isEqualTo(200);

        Scenario idle = Scenario.parse("idle", String.join("\n", INIT, "{\"await_user_message\":{}}", "{\"stop\":{}}"));
        Simulator.start(simulatorVertx, SimulatorConfig.of(TOKEN, ORG, SESSION, idle).withPort(port).withTimeScale(0.01)).await();
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/readiness").statusCode() == 200);
        HttpResponse<Buffer> up = get("/readyz");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(checks(up.bodyAsJsonObject())).hasSize(3).allSatisfy((name, state) -> assertThat(state).isEqualTo("UP"));
        assertThat(scrape().value("blackbox_reconnects_total", "session", SESSION, "cause", "abnormal")).isPositive();
    }

    @Test
    @DisplayName("Readiness is 503 while no recorder answers for a planned session (not deployed, or gone)")
    void readinessWithoutRecorder() {
        blackbox = Blackbox.start(vertx, Blackbox.Plan.record(List.of()).withMetrics(ON)).await();
        assertThat(get("/readiness").statusCode()).as("nothing planned: ready").isEqualTo(200);
        blackbox.stop().await();
        blackbox = null;
        Readiness readiness = Readiness.of(vertx).session("session_absent");
        JsonObject result = readiness.checks().checkStatus().await().toJson();
        assertThat(result.getString("outcome")).isEqualTo("DOWN");
        assertThat(result.encode()).contains("no recorder answers for session session_absent");
    }

    @Test
    @DisplayName("The endpoints listen on loopback only by default: 127.0.0.1 answers, another address of this machine does not")
    void loopbackOnly() throws Exception {
        BlackboxConfig defaults = BlackboxConfig.from(dev.blackbox.app.config.ConfigLoader.load(vertx, null, Map.of(),
                new JsonObject()).await());
        assertThat(defaults.metrics().enabled()).isFalse();
        assertThat(defaults.metrics().host()).isEqualTo("127.0.0.1");
        blackbox = Blackbox.start(vertx, Blackbox.Plan.record(List.of()).withMetrics(
                new BlackboxConfig.Metrics(true, defaults.metrics().host(), 0))).await();
        int port = blackbox.ops().port();
        assertThat(get("/health").statusCode()).isEqualTo(200);
        try (Socket ok = new Socket()) {
            ok.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }
        assertThatThrownBy(() -> {
            try (Socket other = new Socket()) {
                other.connect(new InetSocketAddress("127.0.0.2", port), 2000); // same machine, another address
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    @DisplayName("A taken metrics port fails the start with one message naming it")
    void takenPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> Blackbox.start(vertx, Blackbox.Plan.record(List.of())
                    .withMetrics(new BlackboxConfig.Metrics(true, "127.0.0.1", taken.getLocalPort()))).await())
                    .hasMessageStartingWith("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    private static Map<String, String> checks(JsonObject readiness) {
        JsonArray checks = readiness.getJsonArray("checks", new JsonArray());
        return checks.stream().map(JsonObject.class::cast)
                .collect(Collectors.toMap(c -> c.getString("id"), c -> c.getString("status")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
