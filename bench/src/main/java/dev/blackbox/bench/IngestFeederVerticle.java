package dev.blackbox.bench;

import dev.blackbox.simulator.frames.FrameMix;
import dev.blackbox.simulator.frames.LoadFrames;
import dev.blackbox.simulator.scenario.Scenario;
import dev.blackbox.simulator.scenario.Step;
import dev.blackbox.simulator.scenario.TemplateScope;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code load} scenario served without the simulator's bookkeeping, for runs of millions of
 * frames. The simulator keeps every frame it sends in its session history (for the history
 * endpoint), about 2 KB of heap per frame, so 10 M frames would need some 20 GB. This verticle
 * renders the same steps with the simulator's own frame generator ({@link LoadFrames}, same mix,
 * sizes and seed) and forgets each frame once written. Writes wait for the socket to drain.
 */
final class IngestFeederVerticle extends VerticleBase {

    private static final Pattern SUBSCRIBE = Pattern.compile("/v1/sessions/ws/([A-Za-z0-9_-]+)/subscribe");
    private static final int SLICE = 256; // frames per event-loop turn, as the simulator's burst pump

    private final String token;
    private final Map<String, Scenario> scenarios;
    private HttpServer server;

    IngestFeederVerticle(String token, Map<String, Scenario> scenarios) {
        this.token = token;
        this.scenarios = Map.copyOf(scenarios);
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .webSocketHandshakeHandler(this::handshake)
                .webSocketHandler(ws -> play(ws, scenarios.get(sessionOf(ws.path()))));
        return server.listen();
    }

    int port() {
        return server.actualPort();
    }

    private void handshake(ServerWebSocketHandshake hs) {
        if (!("Bearer " + token).equals(hs.headers().get("Authorization"))) {
            hs.reject(401);
        } else if (!scenarios.containsKey(sessionOf(hs.path()))) {
            hs.reject(404);
        } else {
            hs.accept();
        }
    }

    private static String sessionOf(String path) {
        Matcher m = SUBSCRIBE.matcher(path);
        return m.matches() ? m.group(1) : "";
    }

    private void play(ServerWebSocket ws, Scenario scenario) {
        play(ws, new TemplateScope(sessionOf(ws.path())), scenario.steps().iterator());
    }

    /** Runs the steps from where the iterator is: sends at once, bursts with back-pressure; stop ends it. */
    private void play(ServerWebSocket ws, TemplateScope scope, Iterator<Step> steps) {
        while (steps.hasNext() && !ws.isClosed()) {
            Step step = steps.next();
            if (step instanceof Step.Send send) {
                ws.writeTextMessage(send.frame().renderFrame(scope).text());
            } else if (step instanceof Step.Burst burst) {
                burst(ws, scope.sessionId(), burst).onComplete(ar -> play(ws, scope, steps));
                return;
            }
        }
    }

    private Future<Void> burst(ServerWebSocket ws, String sessionId, Step.Burst burst) {
        LoadFrames frames = new LoadFrames(sessionId, "claude-opus-5-5", FrameMix.parse(burst.mix()),
                burst.minBytes(), burst.maxBytes(), burst.seed());
        Promise<Void> done = Promise.promise();
        pump(ws, frames, burst.count(), done);
        return done.future();
    }

    private void pump(ServerWebSocket ws, LoadFrames frames, int left, Promise<Void> done) {
        int remaining = left;
        for (int slice = 0; remaining > 0 && slice < SLICE; slice++, remaining--) {
            if (ws.isClosed()) {
                done.tryComplete();
                return;
            }
            ws.writeTextMessage(frames.next().text());
            if (ws.writeQueueFull()) {
                int rest = remaining - 1;
                ws.drainHandler(v -> {
                    ws.drainHandler(null);
                    pump(ws, frames, rest, done);
                });
                return;
            }
        }
        if (remaining == 0) {
            done.tryComplete();
        } else {
            int rest = remaining;
            vertx.runOnContext(v -> pump(ws, frames, rest, done));
        }
    }
}
