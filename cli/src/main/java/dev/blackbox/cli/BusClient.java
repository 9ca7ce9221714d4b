package dev.blackbox.cli;

import dev.blackbox.app.fleet.FleetQueryVerticle;
import dev.blackbox.journal.SessionIds;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

/**
 * Request/reply from a command-line client to a recorder over the clustered bus, with failures
 * turned into one line: a refusal keeps its code and reason; nobody listening says how to fix it.
 */
final class BusClient {

    private BusClient() {
    }

    /** Joins the cluster, asks the session's address once, leaves. */
    static JsonObject ask(BusOptions bus, Function<String, String> address, String session, JsonObject body) {
        SessionIds.requireValid(session);
        try (BlackboxRuntime runtime = bus.join()) {
            return request(runtime, address.apply(session), body);
        }
    }

    static JsonObject request(BlackboxRuntime runtime, String address, JsonObject body) {
        try {
            return (JsonObject) runtime.vertx.eventBus()
                    .request(address, body, new DeliveryOptions().setSendTimeout(30_000).setLocalOnly(FleetQueryVerticle.answers(address)
                            && runtime.config.cluster().enabled()))
                    .await().body();
        } catch (ReplyException e) {
            if (e.failureType() == ReplyFailure.NO_HANDLERS) {
                throw new UsageError("no recorder answers on " + address + ": is the session being recorded with"
                        + " 'blackbox record --cluster' and are both on the same cluster (--cluster-members)?");
            }
            if (e.failureType() == ReplyFailure.TIMEOUT) {
                throw new UsageError("no answer on " + address + " within 30 s");
            }
            throw new UsageError("refused (" + e.failureCode() + "): " + e.getMessage(), 1);
        }
    }
}
