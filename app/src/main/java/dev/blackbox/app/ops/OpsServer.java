package dev.blackbox.app.ops;

import dev.blackbox.app.config.BlackboxConfig;
import dev.blackbox.recorder.metrics.BlackboxMeters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The operations endpoints of one process, on their own port (loopback unless configured otherwise):
 * {@code /metrics} (the registry in Prometheus text format, scraped off the event loop), {@code /health}
 * (liveness: the event loop answers) and {@code /readiness} (the named checks; 200 when all pass, 503
 * with each one's status otherwise). {@code /healthz} and {@code /readyz} are the same. Also registers
 * the process-wide meters: free space of each journal root, webhook failures.
 */
public final class OpsServer extends VerticleBase {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final BlackboxConfig.Metrics settings;
    private final HealthChecks readiness;
    private final Collection<Path> journalRoots;
    private final List<Meter> meters = new ArrayList<>();
    private PrometheusMeterRegistry registry;
    private HttpServer server;

    public OpsServer(BlackboxConfig.Metrics settings, HealthChecks readiness, Collection<Path> journalRoots) {
        this.settings = settings;
        this.readiness = readiness;
        this.journalRoots = List.copyOf(journalRoots);
    }

    @Override
    public Future<?> start() {
        registry = MetricsVertx.registry(vertx);
        if (registry == null) {
            return Future.failedFuture("metrics are enabled, but this Vert.x was built without them (use MetricsVertx)");
        }
        Router router = Router.router(vertx);
        router.get("/metrics").handler(this::metrics);
        router.get("/health").handler(this::health);
        router.get("/healthz").handler(this::health);
        router.get("/readiness").handler(this::readiness);
        router.get("/readyz").handler(this::readiness);
        server = vertx.createHttpServer();
        return server.requestHandler(router).listen(settings.port(), settings.host()).onSuccess(s -> registerMeters());
    }

    /** The process-wide meters, once serving (a start that fails leaves none behind). */
    private void registerMeters() {
        for (Path root : journalRoots) {
            File dir = root.toFile();
            meters.add(Gauge.builder(BlackboxMeters.JOURNAL_FREE, dir, File::getUsableSpace).baseUnit("bytes")
                    .tag("root", root.toString()).strongReference(true)
                    .description("free space for the journals under this root").register(registry));
        }
        meters.add(BlackboxMeters.webhookFailures(registry));
    }

    @Override
    public Future<?> stop() {
        meters.forEach(registry::remove);
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The port it listens on (the one chosen when configured as 0). */
    public int port() {
        return server.actualPort();
    }

    /** {@code http://host:port}, for the line the command prints. */
    public String url() {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return "http://" + host + ":" + port();
    }

    private void metrics(RoutingContext ctx) {
        vertx.executeBlocking(registry::scrape, false)
                .onSuccess(text -> ctx.response().putHeader("Content-Type", PROMETHEUS_TEXT).end(text))
                .onFailure(ctx::fail);
    }

    private void health(RoutingContext ctx) {
        json(ctx, 200, new JsonObject().put("status", "UP").put("outcome", "UP"));
    }

    private void readiness(RoutingContext ctx) {
        readiness.checkStatus().onComplete(ar -> {
            if (ar.failed()) {
                json(ctx, 503, new JsonObject().put("status", "DOWN").put("outcome", "DOWN").put("error", ar.cause().getMessage()));
                return;
            }
            CheckResult result = ar.result();
            json(ctx, result.getUp() ? 200 : 503, result.toJson());
        });
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encodePrettily());
    }
}
