package dev.blackbox.simulator;

import dev.blackbox.simulator.observe.ReceivedFrame;
import dev.blackbox.simulator.observe.RecordedRequest;
import dev.blackbox.simulator.observe.SentFrame;
import dev.blackbox.simulator.observe.SessionLog;
import dev.blackbox.simulator.observe.SubscribeAttempt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * A running simulator, for tests, benchmarks and the demo:
 * <pre>{@code
 * Simulator sim = Simulator.start(vertx, SimulatorConfig.of(token, org, "session_x", Scenarios.load("coding-task"))
 *         .withTimeScale(0.01)).await();
 * // connect a client to sim.baseUrl() ... then
 * List<String> frames = sim.sentTexts("session_x");
 * sim.stop().await();
 * }</pre>
 * Every getter is thread-safe and returns a snapshot.
 */
public final class Simulator {

    private final Vertx vertx;
    private final String deploymentId;
    private final SimulatorVerticle verticle;

    private Simulator(Vertx vertx, String deploymentId, SimulatorVerticle verticle) {
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.verticle = verticle;
    }

    /** Deploys a {@link SimulatorVerticle}; completes once it listens. */
    public static Future<Simulator> start(Vertx vertx, SimulatorConfig config) {
        SimulatorVerticle verticle = new SimulatorVerticle(config);
        return vertx.deployVerticle(verticle).map(id -> new Simulator(vertx, id, verticle));
    }

    public int port() {
        return verticle.port();
    }

    /** {@code http://127.0.0.1:PORT}: the base URL for the REST calls; the socket is its ws:// twin. */
    public String baseUrl() {
        return verticle.baseUrl();
    }

    public SimulatorConfig config() {
        return verticle.simulatorConfig();
    }

    /** The whole record of one session id (also for ids the simulator does not know). */
    public SessionLog session(String sessionId) {
        return verticle.log(sessionId);
    }

    /** Every frame written to a subscriber, in order, exactly as written. */
    public List<SentFrame> sentFrames(String sessionId) {
        return session(sessionId).sentFrames();
    }

    /** The texts of the text frames written; with one subscriber, exactly what it received. */
    public List<String> sentTexts(String sessionId) {
        return session(sessionId).sentTexts();
    }

    /**
     * The session's history as {@code GET /v1/sessions/{id}/events} serves it: every event the worker
     * emitted and every user event, in order, whether or not any subscriber received it.
     */
    public List<String> history(String sessionId) {
        return session(sessionId).historyTexts();
    }

    public List<ReceivedFrame> receivedFrames(String sessionId) {
        return session(sessionId).receivedFrames();
    }

    public List<RecordedRequest> posts(String sessionId) {
        return session(sessionId).posts();
    }

    public List<SubscribeAttempt> subscribeAttempts(String sessionId) {
        return session(sessionId).subscribeAttempts();
    }

    /** Completes when the session's scenario has run its last step. */
    public Future<Void> scenarioFinished(String sessionId) {
        return session(sessionId).scenarioFinished();
    }

    /** Undeploys the simulator (closes its server and every socket). */
    public Future<Void> stop() {
        return vertx.undeploy(deploymentId);
    }
}
