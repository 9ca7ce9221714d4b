package dev.blackbox.app.ops;

import dev.blackbox.app.config.BlackboxConfig;
import dev.blackbox.recorder.metrics.BlackboxMeters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

/**
 * Builds Vert.x instances with Micrometer's Prometheus registry when metrics are on (Vert.x's own
 * event-bus, HTTP and pool meters, the JVM's, and Blackbox's on the same registry), and plain ones
 * otherwise. One metrics-enabled Vert.x per process: its registry is Vert.x Micrometer's default one,
 * which {@link BlackboxMeters#registry} finds from anywhere.
 */
public final class MetricsVertx {

    private MetricsVertx() {
    }

    /** A builder for {@code options}, with metrics when {@code metrics.enabled()}. */
    public static VertxBuilder builder(BlackboxConfig.Metrics metrics, VertxOptions options) {
        VertxBuilder builder = Vertx.builder();
        if (metrics.enabled()) {
            options.setMetricsOptions(new MicrometerMetricsOptions()
                    .setEnabled(true)
                    .setJvmMetricsEnabled(true)
                    .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
            builder = builder.withMetrics(new MicrometerMetricsFactory());
        }
        return builder.with(options);
    }

    /** A local (not clustered) Vert.x. */
    public static Vertx local(BlackboxConfig.Metrics metrics) {
        return builder(metrics, new VertxOptions()).build();
    }

    /** The Prometheus registry of a Vert.x built with metrics, else null. */
    public static PrometheusMeterRegistry registry(Vertx vertx) {
        return BlackboxMeters.registry(vertx) instanceof PrometheusMeterRegistry p ? p : null;
    }
}
