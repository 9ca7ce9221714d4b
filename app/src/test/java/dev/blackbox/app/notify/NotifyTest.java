package dev.blackbox.app.notify;

import dev.blackbox.app.Blackbox;
import dev.blackbox.app.config.BlackboxConfig;
import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.recorder.remote.ReconnectMode;
import dev.blackbox.recorder.remote.ReconnectTimings;
import dev.blackbox.recorder.remote.RemoteSession;
import dev.blackbox.recorder.remote.TokenSource;
import dev.blackbox.recorder.session.SessionSettings;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks against real HTTP receivers on loopback: one that answers, one that fails and then
 * recovers, one that is too slow. The recording never waits for any of them.
 */
class NotifyTest {

    static final String TOKEN = "notify-token";
    static final String ORG = "33333333-4444-4555-8666-777777777777";
    static final String SESSION = "session_notify";
    static final String SECRET = "hook-secret";

    /** What a receiver got: the raw body and the headers that matter. */
    record Received(byte[] body, String event, String delivery, String signature) {
        JsonObject json() {
            return new JsonObject(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @TempDir
    Path root;

    Vertx vertx;
    Simulator simulator;
    Blackbox blackbox;
    final List<HttpServer> servers = new ArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        if (blackbox != null) {
            blackbox.stop().await();
        }
        servers.forEach(s -> s.close().await());
        vertx.close().await();
    }

    /** A receiver on an ephemeral port; {@code answer} decides what each request gets. */
    String receiver(List<Received> got, BiConsumer<HttpServerRequest, Integer> answer) {
        AtomicInteger n = new AtomicInteger();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            got.add(new Received(body.getBytes(), req.getHeader("X-Blackbox-Event"), req.getHeader("X-Blackbox-Delivery"),
                    req.getHeader(Signature.HEADER)));
            answer.accept(req, n.incrementAndGet());
        })).listen(0, "127.0.0.1").await();
        servers.add(server);
        return "http://127.0.0.1:" + server.actualPort() + "/hook";
    }

    void record(Scenario scenario, BlackboxConfig.Notify notify) {
        simulator = Simulator.start(vertx, SimulatorConfig.of(TOKEN, ORG, SESSION, scenario).withTimeScale(0.01)).await();
        SessionSettings session = new SessionSettings(SESSION, root, false, null, new RemoteSession(URI.create(simulator.baseUrl()),
                ORG, TokenSource.of(TOKEN), ReconnectMode.PERSISTENT, ReconnectTimings.upstream().scaled(0.01)));
        blackbox = Blackbox.start(vertx, Blackbox.Plan.record(List.of(session)).withNotify(notify)).await();
    }

    static Scenario asks(String command) {
        return Scenario.parse("notify", String.join("\n",
                "{\"send\":{\"type\":\"control_request\",\"request_id\":\"${uuid:r1}\",\"request\":{\"subtype\":\"can_use_tool\","
                        + "\"tool_name\":\"Bash\",\"description\":\"List files\",\"input\":{\"command\":\"" + command + "\"},\"tool_use_id\":\"${uuid:t1}\"}}}",
                "{\"await_permission\":{\"request_id\":\"${uuid:r1}\"}}",
                "{\"await_user_message\":{}}"));
    }

    static BlackboxConfig.Notify notify(List<BlackboxConfig.Webhook> hooks, int attempts, long retryMs, long timeoutMs) {
        return new BlackboxConfig.Notify(hooks, List.of("sk-[A-Za-z0-9_-]{8,}"), URI.create("https://console.example/"), attempts,
                Duration.ofMillis(retryMs), Duration.ofMillis(timeoutMs));
    }

    String awaitRequest() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !vertx.eventBus().<JsonObject>request(Addresses.sessionPending(SESSION), null)
                .await().body().getJsonArray("pending").isEmpty());
        return vertx.eventBus().<JsonObject>request(Addresses.sessionPending(SESSION), null).await().body()
                .getJsonArray("pending").getJsonObject(0).getString("requestId");
    }

    void allow(String requestId) {
        vertx.eventBus().request(Addresses.decide(SESSION), new JsonObject().put("requestId", requestId).put("behavior", "allow")
                .put("decidedBy", "alice").put("via", "cli")).await();
    }

    @Test
    @DisplayName("A request and its resolution are POSTed, signed with HMAC-SHA256 over the body, the input redacted, with the console link")
    void deliveredAndSigned() {
        List<Received> got = new CopyOnWriteArrayList<>();
        String url = receiver(got, (req, n) -> req.response().setStatusCode(204).end());
        record(asks("curl -H 'x-api-key: sk-ant-api03-VERYSECRETKEY' example.com"),
                notify(List.of(new BlackboxConfig.Webhook(URI.create(url), SECRET)), 3, 10, 2_000));
        String requestId = awaitRequest();
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
        Received requested = got.get(0);
        assertThat(requested.event()).isEqualTo("permission.requested");
        assertThat(Signature.verify(SECRET, requested.body(), requested.signature())).isTrue();
        assertThat(Signature.verify("another secret", requested.body(), requested.signature())).isFalse();
        JsonObject body = requested.json();
        assertThat(body.getString("sessionId")).isEqualTo(SESSION);
        assertThat(body.getString("requestId")).isEqualTo(requestId);
        assertThat(body.getString("tool")).isEqualTo("Bash");
        assertThat(body.getString("description")).isEqualTo("List files");
        assertThat(body.getString("input")).contains("[REDACTED]").doesNotContain("VERYSECRETKEY");
        assertThat(body.getString("answerUrl")).isEqualTo("https://console.example/#/session/" + SESSION);
        assertThat(body.getLong("ageSeconds")).isBetween(0L, 10L);

        allow(requestId);
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 2);
        JsonObject resolved = got.get(1).json();
        assertThat(got.get(1).event()).isEqualTo("permission.resolved");
        assertThat(resolved.getString("decidedBy")).isEqualTo("alice");
        assertThat(resolved.getString("via")).isEqualTo("cli");
        assertThat(resolved.getString("behavior")).isEqualTo("allow");
        assertThat(Signature.verify(SECRET, got.get(1).body(), got.get(1).signature())).isTrue();
        // the receiver holds the request before it answers; the notifier counts a delivery when the answer arrives
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(blackbox.notifier().stats().await()).singleElement()
                .satisfies(s -> assertThat(s.delivered()).isEqualTo(2)));
    }

    @Test
    @DisplayName("A failing receiver is retried with backoff and gets the same delivery; one that never recovers is counted as failed")
    void retriedThenCounted() {
        List<Received> flaky = new CopyOnWriteArrayList<>();
        List<Received> down = new CopyOnWriteArrayList<>();
        String flakyUrl = receiver(flaky, (req, n) -> req.response().setStatusCode(n <= 2 ? 503 : 200).end());
        String downUrl = receiver(down, (req, n) -> req.response().setStatusCode(500).end());
        record(asks("ls"), notify(List.of(new BlackboxConfig.Webhook(URI.create(flakyUrl), null),
                new BlackboxConfig.Webhook(URI.create(downUrl), null)), 3, 20, 2_000));
        awaitRequest();
        await().atMost(Duration.ofSeconds(10)).until(() -> flaky.size() == 3 && down.size() == 3);
        assertThat(flaky).extracting(Received::delivery).containsOnly(flaky.get(0).delivery());
        assertThat(flaky.get(0).signature()).as("unsigned without a secret").isNull();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(blackbox.notifier().stats().await())
                .extracting(s -> s.delivered() + "/" + s.retried() + "/" + s.failed())
                .containsExactly("1/2/0", "0/2/1"));
    }

    @Test
    @DisplayName("A receiver slower than the timeout never delays the recording: the decision is journaled and sent at once")
    void slowReceiverDoesNotBlock() {
        List<Received> slow = new CopyOnWriteArrayList<>();
        String url = receiver(slow, (req, n) -> vertx.setTimer(3_000, t -> req.response().end()));
        record(asks("ls"), notify(List.of(new BlackboxConfig.Webhook(URI.create(url), null)), 2, 10, 300));
        String requestId = awaitRequest();
        long asked = System.nanoTime();
        allow(requestId);
        long decidedMs = (System.nanoTime() - asked) / 1_000_000;
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.receivedFrames(SESSION).size() == 1);
        assertThat(decidedMs).as("the decision did not wait for the webhook (3 s)").isLessThan(2_900);
        assertThat(journalKinds()).contains(EntryKind.PERMISSION_DECIDED, EntryKind.FRAME_SENT);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(blackbox.notifier().stats().await())
                .singleElement().satisfies(s -> assertThat(s.failed()).isEqualTo(2))); // requested and resolved, each timed out twice
    }

    List<EntryKind> journalKinds() {
        List<EntryKind> out = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(root, SESSION)) {
            for (JournalEntry e; (e = reader.next()) != null; ) {
                out.add(e.kind());
            }
        }
        return out;
    }
}
