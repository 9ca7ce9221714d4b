package dev.blackbox.bench;

import dev.blackbox.bus.Addresses;
import dev.blackbox.app.ClusteredVertx;
import dev.blackbox.app.config.BlackboxConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The remote approver of the permission bench: in its own JVM, on the clustered bus, it allows
 * every request published on {@code blackbox.permissions.requested} through the session's
 * {@code decide} address, exactly as a console would. Run as a child process
 * ({@code RoundTripApprover CLUSTER_NAME PORT MEMBER}); it also deploys {@link RoundTripEcho} for
 * the bus baseline, prints {@code READY} once both are registered, and exits when stdin closes.
 */
final class RoundTripApprover extends VerticleBase {

    static final String DECIDED_BY = "bench-approver";
    private static final int NO_HANDLER_RETRIES = 200;

    @Override
    public Future<?> start() {
        return vertx.eventBus().<JsonObject>consumer(Addresses.PERMISSIONS_REQUESTED, m -> approve(m.body(), 0))
                .completion();
    }

    private void approve(JsonObject request, int attempt) {
        JsonObject body = new JsonObject()
                .put("requestId", request.getString("requestId"))
                .put("behavior", "allow")
                .put("decidedBy", DECIDED_BY)
                .put("via", "bus");
        vertx.eventBus().request(Addresses.decide(request.getString("sessionId")), body).onFailure(e -> {
            // a session registered a moment ago may not be known on this node yet: try again shortly
            if (e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS && attempt < NO_HANDLER_RETRIES) {
                vertx.setTimer(5, id -> approve(request, attempt + 1));
            } else {
                System.err.println("approver: decision for " + request.getString("requestId") + " failed: " + e.getMessage());
            }
        });
    }

    /** The cluster the parent and this child share: loopback, explicit members, a name of the parent's choosing. */
    static BlackboxConfig.Cluster cluster(String name, int port, String member) {
        return new BlackboxConfig.Cluster(true, "127.0.0.1", port, List.of(member), name);
    }

    public static void main(String[] args) {
        BenchMain.quietChronicle();
        BenchMain.quietHazelcast();
        Vertx vertx = ClusteredVertx.start(cluster(args[0], Integer.parseInt(args[1]), args[2])).await();
        vertx.deployVerticle(new RoundTripApprover()).await();
        vertx.deployVerticle(new RoundTripEcho()).await();
        System.out.println(RoundTripChildJvm.READY);
        RoundTripChildJvm.awaitParentGone();
        vertx.close().await();
        System.exit(0);
    }
}
