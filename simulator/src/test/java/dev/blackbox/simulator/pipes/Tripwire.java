package dev.blackbox.simulator.pipes;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP proxy that proxies nothing: the worker's {@code HTTP(S)_PROXY} points here (with the
 * scripted API in {@code NO_PROXY}), so any other HTTP call it attempts — telemetry, update checks,
 * a remote settings fetch — lands here, is noted ({@code CONNECT api.example:443}) and refused.
 */
public final class Tripwire {

    private final HttpServer server;
    private final List<String> attempts = new CopyOnWriteArrayList<>();

    private Tripwire(HttpServer server) {
        this.server = server;
    }

    public static Future<Tripwire> start(Vertx vertx) {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
        Tripwire tripwire = new Tripwire(server);
        server.requestHandler(req -> {
            tripwire.attempts.add(req.method().name() + " " + req.uri());
            req.response().setStatusCode(403).end("blocked by the test's tripwire");
        });
        return server.listen().map(s -> tripwire);
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public List<String> attempts() {
        return List.copyOf(attempts);
    }

    public Future<Void> stop() {
        return server.close();
    }
}
