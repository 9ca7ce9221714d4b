package dev.blackbox.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.blackbox.app.config.BlackboxConfig;
import dev.blackbox.app.ops.MetricsVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.List;

/**
 * A Vert.x instance on a clustered event bus (Hazelcast): bound to the configured host (loopback by
 * default), explicit TCP members, never multicast, no phone-home, no 5 s join wait.
 */
public final class ClusteredVertx {

    /** Ports a member may bind from {@code cluster.port} up, and a member named without a port is looked for on. */
    private static final int PORTS = 20;

    private ClusteredVertx() {
    }

    public static Future<Vertx> start(BlackboxConfig.Cluster cluster) {
        return start(cluster, new BlackboxConfig.Metrics(false, "127.0.0.1", 0));
    }

    /** Clustered, with Vert.x's and Blackbox's meters when {@code metrics.enabled()}. */
    public static Future<Vertx> start(BlackboxConfig.Cluster cluster, BlackboxConfig.Metrics metrics) {
        Config cfg = ConfigUtil.loadConfig(); // keeps the __vertx.* map configs the cluster manager needs
        cfg.setClusterName(cluster.name());
        cfg.setProperty("hazelcast.phone.home.enabled", "false");
        cfg.setProperty("hazelcast.socket.bind.any", "false");
        cfg.setProperty("hazelcast.local.localAddress", cluster.host());
        cfg.setProperty("hazelcast.wait.seconds.before.join", "0");
        cfg.setProperty("hazelcast.shutdownhook.enabled", "false");
        cfg.setProperty("hazelcast.logging.type", "slf4j");
        // a member that stops answering (a recorder killed -9, a host gone) is dropped after 15 s, not 60:
        // its sessions then show as 'recorder lost'
        cfg.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        cfg.setProperty("hazelcast.max.no.heartbeat.seconds", "15");
        NetworkConfig net = cfg.getNetworkConfig();
        net.setPort(cluster.port()).setPortAutoIncrement(true).setPortCount(PORTS);
        // a member named without a port is looked for on as many ports as a member may bind (Hazelcast tries
        // 3 by default): with the first ports taken by other programs, members would bind and never meet
        cfg.setProperty("hazelcast.tcp.join.port.try.count", String.valueOf(PORTS));
        net.getInterfaces().setEnabled(true).setInterfaces(List.of(cluster.host()));
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(expand(cluster.members()));
        VertxOptions options = new VertxOptions();
        options.getEventBusOptions().setHost(cluster.host()).setPort(0).setClusterPublicHost(cluster.host());
        return MetricsVertx.builder(metrics, options).withClusterManager(new HazelcastClusterManager(cfg)).buildClustered();
    }

    /** Hazelcast rejects port ranges in a member string; "host:port" and plain "host" are fine. */
    private static List<String> expand(List<String> members) {
        return members.stream().map(String::trim).filter(m -> !m.isEmpty()).toList();
    }
}
