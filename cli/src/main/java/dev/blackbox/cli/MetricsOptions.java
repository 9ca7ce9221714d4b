package dev.blackbox.cli;

import dev.blackbox.app.Blackbox;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Option;

import java.io.PrintStream;

/**
 * {@code --metrics}, {@code --metrics-port} and {@code --metrics-host} as config overrides: the one
 * option set of every command that serves {@code /metrics}, {@code /health} and {@code /readiness}
 * ({@code record}, {@code run}, {@code console}). Such a command mixes this in, starts its runtime with
 * {@link BlackboxRuntime#serve}, adds {@code plan.withMetrics(config.metrics())} and calls {@link #announce}.
 */
final class MetricsOptions {

    @Option(names = "--metrics", description = "Serve /metrics, /health and /readiness (config section 'metrics'; default 127.0.0.1:9464).")
    boolean metrics;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Port of those endpoints (config metrics.port; 0: any free port). Implies --metrics.")
    Integer port;

    @Option(names = "--metrics-host", paramLabel = "HOST", description = "Interface they listen on (config metrics.host; default 127.0.0.1). Implies --metrics.")
    String host;

    /** Adds the metrics section to the flag overrides. */
    JsonObject applyTo(JsonObject flags) {
        JsonObject section = new JsonObject();
        if (metrics || port != null || host != null) {
            section.put("enabled", true);
        }
        if (port != null) {
            section.put("port", port);
        }
        if (host != null) {
            section.put("host", host);
        }
        if (!section.isEmpty()) {
            flags.put("metrics", section);
        }
        return flags;
    }

    /** One line on stderr saying where the endpoints are (nothing when they are off). */
    static void announce(Blackbox blackbox, PrintStream err) {
        if (blackbox.ops() != null) {
            String url = blackbox.ops().url();
            err.println("blackbox: metrics on " + url + "/metrics, liveness " + url + "/health, readiness " + url + "/readiness");
        }
    }
}
