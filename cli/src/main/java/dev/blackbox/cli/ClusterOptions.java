package dev.blackbox.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code --cluster}, {@code --cluster-members} and {@code --cluster-host}, as config overrides. */
final class ClusterOptions {

    @Option(names = "--cluster", description = "Join the clustered event bus (Hazelcast; config section 'cluster').")
    boolean cluster;

    @Option(names = "--cluster-members", paramLabel = "HOST[:PORT],...", split = ",",
            description = "Cluster members to join (default 127.0.0.1). Implies --cluster.")
    List<String> members;

    @Option(names = "--cluster-host", paramLabel = "HOST", description = "Address this node binds to (default 127.0.0.1). Implies --cluster.")
    String host;

    /** Adds the cluster section to the flag overrides; {@code always} for commands that only make sense clustered. */
    JsonObject applyTo(JsonObject flags, boolean always) {
        JsonObject section = new JsonObject();
        if (cluster || always || members != null || host != null) {
            section.put("enabled", true);
        }
        if (members != null) {
            section.put("members", new JsonArray(List.copyOf(members)));
        }
        if (host != null) {
            section.put("host", host);
        }
        if (!section.isEmpty()) {
            flags.put("cluster", section);
        }
        return flags;
    }
}
