package dev.blackbox.simulator;

import dev.blackbox.simulator.http.SessionsApi;
import dev.blackbox.simulator.observe.SessionLog;
import dev.blackbox.simulator.session.SimulatedSession;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated sessions service: one HTTP/WebSocket server, one {@link SimulatedSession} per
 * configured session id, all on this verticle's event loop.
 */
public final class SimulatorVerticle extends VerticleBase {

    /** Large enough for the 16 MiB frames of the {@code malformed} scenario, and then some. */
    static final int MAX_WEBSOCKET_BYTES = 64 * 1024 * 1024;

    private final SimulatorConfig config;
    private final Map<String, SessionLog> logs = new ConcurrentHashMap<>();
    private HttpServer server;
    private volatile int port;

    public SimulatorVerticle(SimulatorConfig config) {
        this.config = config;
    }

    @Override
    public Future<?> start() {
        Map<String, SimulatedSession> sessions = new HashMap<>();
        config.scenarios().forEach((id, scenario) -> {
            SessionLog log = log(id);
            log.keepSentFrames(config.keepSentFrames());
            sessions.put(id, new SimulatedSession(vertx, id, scenario, log, config.timeScale(), config.echoReplay()));
        });
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setMaxWebSocketFrameSize(MAX_WEBSOCKET_BYTES)
                .setMaxWebSocketMessageSize(MAX_WEBSOCKET_BYTES);
        server = vertx.createHttpServer(options)
                .requestHandler(SessionsApi.router(vertx, config.token(), config.orgUuid(), sessions, this::log));
        return server.listen().onSuccess(s -> port = s.actualPort());
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The port it listens on (after deployment). */
    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://" + config.host() + ":" + port;
    }

    public SimulatorConfig simulatorConfig() {
        return config;
    }

    /** The record of everything that happened for a session id (configured or not). Thread-safe. */
    public SessionLog log(String sessionId) {
        return logs.computeIfAbsent(sessionId, SessionLog::new);
    }
}
