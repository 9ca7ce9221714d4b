package dev.blackbox.replay.scenario;

import dev.blackbox.bus.Addresses;
import dev.blackbox.recorder.remote.ReconnectMode;
import dev.blackbox.recorder.remote.ReconnectTimings;
import dev.blackbox.recorder.session.SessionRecorderVerticle;
import dev.blackbox.recorder.remote.RemoteSession;
import dev.blackbox.recorder.session.SessionSettings;
import dev.blackbox.recorder.remote.TokenSource;
import dev.blackbox.simulator.Simulator;
import dev.blackbox.simulator.SimulatorConfig;
import dev.blackbox.simulator.scenario.Scenario;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;


/**
 * One shipped scenario played by the real simulator and journaled by the real recorder on loopback,
 * every delay of both scaled down 100x, the recorder in upstream reconnect mode (Claude Code's own
 * client's rules, which the reconnect scenario is written against). Meant for the test thread: its waits block, so never call
 * them on an event loop.
 */
final class ScenarioRecording {

    static final String TOKEN = "sk-ant-oat01-SECRET-scenario-token-do-not-leak";
    static final String ORG = "5fa8c2b4-1111-4222-8333-944455556666";
    static final double SCALE = 0.01;
    static final String ANSWERED_BY = "golden-tester";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final Path journalRoot;
    private final String sessionId;
    private Simulator simulator;
    private SessionRecorderVerticle recorder;

    private ScenarioRecording(Vertx vertx, Path journalRoot, String sessionId) {
        this.vertx = vertx;
        this.journalRoot = journalRoot;
        this.sessionId = sessionId;
    }

    /** What happens to the session's permission prompts. */
    enum Prompts {
        /** Nobody answers them unless the test does. */
        LEFT_ALONE,
        /** Each is allowed as soon as it is announced, as a person at the CLI would. */
        ALLOWED
    }

    /** Starts the simulator with the scenario, then a recorder subscribed to it. */
    static ScenarioRecording start(Vertx vertx, Path journalRoot, String sessionId, Scenario scenario, Prompts prompts) {
        ScenarioRecording r = new ScenarioRecording(vertx, journalRoot, sessionId);
        r.simulator = Simulator.start(vertx, SimulatorConfig.of(TOKEN, ORG, sessionId, scenario).withTimeScale(SCALE)).await();
        SessionSettings settings = new SessionSettings(sessionId, journalRoot, false, null, new RemoteSession(
                URI.create(r.simulator.baseUrl()), ORG, TokenSource.of(TOKEN), ReconnectMode.UPSTREAM,
                ReconnectTimings.upstream().scaled(SCALE)));
        r.recorder = new SessionRecorderVerticle(settings);
        if (prompts == Prompts.ALLOWED) {
            // registered before the recorder connects, so no request can be announced before someone listens
            vertx.eventBus().<JsonObject>consumer(Addresses.PERMISSIONS_REQUESTED, m -> {
                if (sessionId.equals(m.body().getString("sessionId"))) {
                    r.decide(m.body().getString("requestId"), ANSWERED_BY);
                }
            }).completion().await();
        }
        vertx.deployVerticle(r.recorder).await();
        return r;
    }

    // ---- the session's bus addresses, as an approver or a console would use them ----

    Future<JsonObject> decide(String requestId, String decidedBy) {
        return ask(Addresses.decide(sessionId), new JsonObject().put("requestId", requestId).put("behavior", "allow")
                .put("decidedBy", decidedBy).put("via", "test"));
    }

    /** The request ids pending in the recorder, oldest first. */
    List<String> pending() {
        return ask(Addresses.sessionPending(sessionId), null).await().getJsonArray("pending").stream()
                .map(p -> ((JsonObject) p).getString("requestId")).toList();
    }

    void send(String text, String sentBy) {
        ask(Addresses.send(sessionId), new JsonObject().put("text", text).put("sentBy", sentBy)).await();
    }

    void interrupt(String requestedBy) {
        ask(Addresses.interrupt(sessionId), new JsonObject().put("requestedBy", requestedBy)).await();
    }

    private Future<JsonObject> ask(String address, JsonObject body) {
        return vertx.eventBus().<JsonObject>request(address, body).map(m -> m.body());
    }

    /** Every text frame the simulator wrote for this session, exactly as written. */
    List<String> sentTexts() {
        return simulator.sentTexts(sessionId);
    }

    /** Waits until the frames the simulator sent satisfy the condition, then until the recorder journaled them all. */
    void awaitSent(String what, Predicate<List<String>> condition) {
        await(what).until(() -> condition.test(sentTexts()));
        awaitJournaled();
    }

    /** Waits for the end of the scenario's steps and for every frame it sent to be journaled. */
    void awaitScenarioFinished() {
        simulator.scenarioFinished(sessionId).await();
        awaitJournaled();
    }

    /** The recorder has journaled every frame the simulator has sent so far (so later actions land after them). */
    void awaitJournaled() {
        await("the recorder to journal every frame sent").until(() ->
                ask(Addresses.status(sessionId), null).await().getLong("framesReceived") >= simulator.session(sessionId).sentCount());
    }

    /** Stops the recorder (which journals recording_stopped), then the simulator. */
    void stop() {
        vertx.undeploy(recorder.deploymentID()).await();
        simulator.stop().await();
    }

    private static ConditionFactory await(String what) {
        return Awaitility.await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(5));
    }
}
