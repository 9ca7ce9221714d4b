package dev.blackbox.simulator;

import dev.blackbox.simulator.observe.SubscribeAttempt;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
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
@DisplayName("Subscribing")
class HandshakeTest {

    private static final String SESSION = "session_01Handshake";
    private static final Scenario HELLO = Scenario.parse("hello", """
            {"send": {"type": "system", "subtype": "status", "status": "requesting", "session_id": "${session_id}", "uuid": "${uuid}"}}
            {"reject_subscribes": {"count": 2, "code": 4001}}
            {"close": {"code": 4001, "reason": "session not found"}}
            {"keep_alive": {}}
            """);

    private Simulator sim;

    @BeforeEach
    void start(Vertx vertx) {
        sim = Simulator.start(vertx, SimulatorConfig.of(TestClient.TOKEN, TestClient.ORG, SESSION, HELLO).withTimeScale(0.01)).await();
    }

    @AfterEach
    void stop() {
        sim.stop().await();
    }

    @Test
    @DisplayName("with a wrong token is upgraded, then closed with 4003, and the token is not kept")
    void wrongToken(Vertx vertx, VertxTestContext ctx) {
        TestClient client = new TestClient(vertx, sim.port(), SESSION).token("wrong-token");
        client.connect().compose(ws -> client.closed()).onComplete(ctx.succeeding(code -> ctx.verify(() -> {
            assertThat(code).isEqualTo(4003);
            SubscribeAttempt attempt = sim.subscribeAttempts(SESSION).get(0);
            assertThat(attempt.bearerMatched()).isFalse();
            assertThat(attempt.accepted()).isFalse();
            assertThat(attempt.closeCode()).isEqualTo(4003);
            assertThat(attempt.headers()).doesNotContainKey("authorization");
            assertThat(attempt.headers().values()).noneMatch(v2 -> v2.contains("wrong-token"));
            assertThat(attempt.header("anthropic-version")).isEqualTo("2023-06-01");
            assertThat(attempt.organization()).isEqualTo(TestClient.ORG);
            assertThat(sim.sentFrames(SESSION)).isEmpty();
            ctx.completeNow();
        })));
    }

    @Test
    @DisplayName("without a token is closed with 4003")
    void noToken(Vertx vertx, VertxTestContext ctx) {
        TestClient client = new TestClient(vertx, sim.port(), SESSION).token(null);
        client.connect().compose(ws -> client.closed())
                .onComplete(ctx.succeeding(closed -> ctx.verify(() -> {
                    assertThat(closed).isEqualTo(4003);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("to an unknown session is upgraded, then closed with 4001")
    void unknownSession(Vertx vertx, VertxTestContext ctx) {
        TestClient client = new TestClient(vertx, sim.port(), "session_nobody");
        client.connect().compose(ws -> client.closed())
                .onComplete(ctx.succeeding(closed -> ctx.verify(() -> {
                    assertThat(closed).isEqualTo(4001);
                    assertThat(sim.subscribeAttempts("session_nobody")).singleElement()
                            .satisfies(a -> assertThat(a.bearerMatched()).isTrue())
                            .satisfies(a -> assertThat(a.closeCode()).isEqualTo(4001));
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("without anthropic-version is closed with 1008")
    void noVersion(Vertx vertx, VertxTestContext ctx) {
        TestClient client = new TestClient(vertx, sim.port(), SESSION).withoutVersion();
        client.connect().compose(ws -> client.closed())
                .onComplete(ctx.succeeding(closed -> ctx.verify(() -> {
                    assertThat(closed).isEqualTo(1008);
                    ctx.completeNow();
                })));
    }

    @Test
    @DisplayName("to a known session starts its scenario; reject_subscribes turns the next attempts away with the code, then lets one in")
    void rejectsThenAccepts(Vertx vertx) {
        TestClient client = new TestClient(vertx, sim.port(), SESSION);
        client.connect().await();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.closeCodes().equals(List.of(4001)));
        assertThat(client.kinds()).containsExactly("system/status");

        new TestClient(vertx, sim.port(), SESSION).connect().await();
        new TestClient(vertx, sim.port(), SESSION).connect().await();
        TestClient third = new TestClient(vertx, sim.port(), SESSION);
        third.connect().await();

        await().atMost(Duration.ofSeconds(5)).until(() -> third.kinds().equals(List.of("keep_alive")));
        sim.scenarioFinished(SESSION).await();
        List<SubscribeAttempt> attempts = sim.subscribeAttempts(SESSION);
        assertThat(attempts).extracting(SubscribeAttempt::accepted).containsExactly(true, false, false, true);
        assertThat(attempts).extracting(SubscribeAttempt::closeCode).containsExactly(4001, 4001, 4001, null);
        assertThat(attempts).extracting(SubscribeAttempt::connection).isSorted().doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("by several clients sends every frame to all of them")
    void severalSubscribers(Vertx vertx) {
        // the first subscriber starts the scenario: its pause (3 s at time scale 0.01) lets the second one connect
        Scenario twoFrames = Scenario.parse("two", """
                {"pause": {"ms": 300000}}
                {"keep_alive": {}}
                {"send": {"type": "system", "subtype": "status", "status": null, "session_id": "${session_id}", "uuid": "${uuid}"}}
                """);
        Simulator shared = Simulator.start(vertx, SimulatorConfig.of(TestClient.TOKEN, TestClient.ORG, "session_shared", twoFrames)
                .withTimeScale(0.01)).await();
        try {
            TestClient a = new TestClient(vertx, shared.port(), "session_shared");
            TestClient b = new TestClient(vertx, shared.port(), "session_shared");
            a.connect().await();
            b.connect().await();
            shared.scenarioFinished("session_shared").await();
            await().atMost(Duration.ofSeconds(5)).until(() -> a.texts().size() == 2 && b.texts().size() == 2);
            assertThat(a.texts()).isEqualTo(b.texts());
            assertThat(shared.sentFrames("session_shared")).hasSize(4);
        } finally {
            shared.stop().await();
        }
    }
}
