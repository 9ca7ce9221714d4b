package dev.blackbox.cli;

import dev.blackbox.app.ClusteredVertx;
import dev.blackbox.app.fleet.FleetDirectory;
import dev.blackbox.app.fleet.FleetNode;
import dev.blackbox.app.fleet.FleetQueryVerticle;
import dev.blackbox.app.config.BlackboxConfig;
import dev.blackbox.app.config.ConfigLoader;
import dev.blackbox.app.ops.MetricsVertx;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;


/**
 * What every long-running command needs: a Vert.x instance (on the clustered event bus when asked,
 * with metrics for the commands that serve them) and the configuration, loaded defaults -> file ->
 * environment -> flags and validated.
 */
final class BlackboxRuntime implements AutoCloseable {

    final Vertx vertx;
    final BlackboxConfig config;

    private BlackboxRuntime(Vertx vertx, BlackboxConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /** For a client of the bus (permissions, send...): never with metrics, whatever the config says. */
    static BlackboxRuntime start(ConfigOption configOption, JsonObject flags) {
        return start(configOption, flags, false);
    }

    /** For a command that serves /metrics when configured to ({@code record}, {@code run}, {@code console}). */
    static BlackboxRuntime serve(ConfigOption configOption, JsonObject flags) {
        return start(configOption, flags, true);
    }

    private static BlackboxRuntime start(ConfigOption configOption, JsonObject flags, boolean serving) {
        Vertx local = Vertx.vertx();
        BlackboxConfig config;
        try {
            config = BlackboxConfig.from(ConfigLoader.load(local, configOption.fileOrEnv(), System.getenv(), flags).await());
        } catch (RuntimeException e) {
            local.close();
            throw new UsageError(e.getMessage());
        }
        BlackboxConfig.Metrics metrics = serving ? config.metrics() : new BlackboxConfig.Metrics(false, "", 0);
        if (!config.cluster().enabled() && !metrics.enabled()) {
            return new BlackboxRuntime(local, config);
        }
        local.close().await();
        if (!config.cluster().enabled()) {
            return new BlackboxRuntime(MetricsVertx.local(metrics), config);
        }
        Vertx clustered;
        try {
            clustered = ClusteredVertx.start(config.cluster(), metrics).await();
        } catch (RuntimeException e) {
            throw new UsageError("cannot join the cluster '" + config.cluster().name() + "' on " + config.cluster().host()
                    + " (members " + config.cluster().members() + "): " + e.getMessage());
        }
        if (!serving) {
            // a client's fleet-wide questions are answered here, from the cluster's directory and members: never
            // by a node that may have just died, and the same answer any node would give (a serving command's
            // assembly deploys its own)
            clustered.deployVerticle(new FleetQueryVerticle(new FleetDirectory(clustered, FleetNode.of(clustered)), true)).await();
        }
        return new BlackboxRuntime(clustered, config);
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
