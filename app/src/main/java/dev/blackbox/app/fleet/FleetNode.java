package dev.blackbox.app.fleet;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.shareddata.LocalMap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.UUID;

/**
 * This process as a node of the fleet, and who else is in it. Membership is the cluster manager's
 * (Hazelcast's members, as Vert.x sees them), never our own: a node is up exactly while it is a
 * member. Without a cluster the process is a fleet of one, under an id of its own.
 */
public final class FleetNode {

    private static final String LOCAL_ID = "blackbox.fleet.node";

    private final ClusterManager cluster;
    private final String id;
    private final String host;
    private final long pid;

    private FleetNode(ClusterManager cluster, String id, String host, long pid) {
        this.cluster = cluster;
        this.id = id;
        this.host = host;
        this.pid = pid;
    }

    /** Looks the host name up: may block briefly, so not on an event loop. */
    public static FleetNode of(Vertx vertx) {
        ClusterManager cluster = vertx instanceof VertxInternal internal ? internal.clusterManager() : null;
        String id;
        if (cluster != null) {
            id = cluster.getNodeId();
        } else {
            LocalMap<String, String> local = vertx.sharedData().getLocalMap(LOCAL_ID);
            id = local.computeIfAbsent("id", k -> "local-" + UUID.randomUUID());
        }
        return new FleetNode(cluster, id, hostName(), ProcessHandle.current().pid());
    }

    public String id() {
        return id;
    }

    public String host() {
        return host;
    }

    public long pid() {
        return pid;
    }

    public boolean clustered() {
        return cluster != null;
    }

    /** The nodes in the cluster right now (this one included). */
    public Set<String> members() {
        return cluster == null ? Set.of(id) : Set.copyOf(cluster.getNodes());
    }

    /** The first eight characters of a node id: enough to tell the nodes of one fleet apart on a terminal. */
    public static String shortId(String nodeId) {
        return nodeId == null ? "?" : nodeId.length() <= 8 ? nodeId : nodeId.substring(0, 8);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
