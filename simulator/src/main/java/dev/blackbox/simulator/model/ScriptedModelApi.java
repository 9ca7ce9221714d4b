package dev.blackbox.simulator.model;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * A running scripted Messages API, for tests that drive the real Claude Code CLI offline:
 * <pre>{@code
 * ScriptedModelApi api = ScriptedModelApi.start(vertx).await();
 * Map<String, String> env = OfflineWorkerEnv.forCli(api.baseUrl(), home, tmp);   // the CLI's whole environment
 * // start the CLI with env; prompts carry markers such as [[bash-write out.txt]]
 * api.requests();           // every request, in order (API key redacted)
 * api.unexpected();         // requests other than a streamed POST /v1/messages?beta=true
 * api.stop().await();
 * }</pre>
 * Markers are described in {@link Marker}; the simulator's README has the table.
 */
public final class ScriptedModelApi {

    private final Vertx vertx;
    private final String deploymentId;
    private final ModelApiVerticle verticle;
    private final ModelApiConfig config;

    private ScriptedModelApi(Vertx vertx, String deploymentId, ModelApiVerticle verticle, ModelApiConfig config) {
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.verticle = verticle;
        this.config = config;
    }

    public static Future<ScriptedModelApi> start(Vertx vertx) {
        return start(vertx, ModelApiConfig.loopback());
    }

    public static Future<ScriptedModelApi> start(Vertx vertx, ModelApiConfig config) {
        ModelApiVerticle verticle = new ModelApiVerticle(config);
        return vertx.deployVerticle(verticle).map(id -> new ScriptedModelApi(vertx, id, verticle, config));
    }

    public int port() {
        return verticle.port();
    }

    /** {@code http://127.0.0.1:PORT}: the value for {@code ANTHROPIC_BASE_URL}. */
    public String baseUrl() {
        return "http://" + config.host() + ":" + verticle.port();
    }

    public List<ModelRequest> requests() {
        return verticle.requests();
    }

    public List<ModelRequest> unexpected() {
        return requests().stream().filter(r -> !r.isStreamedMessages()).toList();
    }

    /** TCP connections accepted so far. */
    public int connections() {
        return verticle.connections();
    }

    /** {@code [[stall]]} streams the client closed before their end (what an interrupt does). */
    public int stallsCut() {
        return verticle.stallsCut();
    }

    public Future<Void> stop() {
        return vertx.undeploy(deploymentId);
    }
}
