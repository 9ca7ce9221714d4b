package dev.blackbox.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Mixin;

/**
 * What every command that talks to recorders over the bus shares: the configuration, the cluster to
 * join (always: a bus of its own would have no recorder on it).
 */
final class BusOptions {

    @Mixin
    ConfigOption config;

    @Mixin
    ClusterOptions cluster;

    BlackboxRuntime join() {
        return BlackboxRuntime.start(config, cluster.applyTo(new JsonObject(), true));
    }
}
