package dev.blackbox.app.ops;

import dev.blackbox.bus.Addresses;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * The named checks of {@code /readiness} (Vert.x Health Checks). For each recorded session:
 * {@code session.<id>.bus} (its recorder answers its status address: deployed, consumers registered),
 * {@code session.<id>.journal} (open, no failed append, not ended) and {@code session.<id>.connection}
 * (connected). {@code cluster} when on a clustered bus (this node is a member), {@code console} and
 * {@code journal.root} when a console is served. A check that fails carries why in its data.
 */
public final class Readiness {

    static final long STATUS_TIMEOUT_MS = 1_000;

    private final Vertx vertx;
    private final HealthChecks checks;

    private Readiness(Vertx vertx) {
        this.vertx = vertx;
        this.checks = HealthChecks.create(vertx);
        if (vertx.isClustered()) {
            checks.register("cluster", p -> p.complete(((VertxInternal) vertx).clusterManager().isActive()
                    ? Status.OK() : Status.KO(new JsonObject().put("reason", "not a member of the cluster"))));
        }
    }

    public static Readiness of(Vertx vertx) {
        return new Readiness(vertx);
    }

    /** The three checks of one recorded session, from its recorder's status over the bus. */
    public Readiness session(String sessionId) {
        String prefix = "session." + sessionId + ".";
        checks.register(prefix + "bus", p -> status(sessionId, p, s -> true, s -> null));
        checks.register(prefix + "journal", p -> status(sessionId, p,
                s -> !s.getBoolean("journalFailed", false) && !s.getBoolean("ended", false),
                s -> s.getBoolean("journalFailed", false) ? "a journal append failed" : "the recording has ended"));
        checks.register(prefix + "connection", p -> status(sessionId, p,
                s -> "connected".equals(s.getString("status")), s -> s.getString("status")));
        return this;
    }

    /** A check that passes while {@code up} holds. */
    public Readiness check(String name, BooleanSupplier up, String whyNot) {
        checks.register(name, p -> p.complete(up.getAsBoolean() ? Status.OK() : Status.KO(new JsonObject().put("reason", whyNot))));
        return this;
    }

    /** The journal root a console reads exists. */
    public Readiness journalRoot(Path root) {
        return check("journal.root", () -> Files.isDirectory(root), root + " is not a directory");
    }

    public HealthChecks checks() {
        return checks;
    }

    private interface Field<T> {
        T of(JsonObject status);
    }

    private void status(String sessionId, Promise<Status> p, Field<Boolean> up, Field<String> whyNot) {
        vertx.eventBus().<JsonObject>request(Addresses.status(sessionId), null,
                        new DeliveryOptions().setSendTimeout(STATUS_TIMEOUT_MS))
                .onSuccess(m -> {
                    JsonObject s = m.body();
                    p.complete(up.of(s) ? Status.OK() : Status.KO(new JsonObject().put("reason", whyNot.of(s))));
                })
                .onFailure(e -> p.complete(Status.KO(new JsonObject()
                        .put("reason", "no recorder answers for session " + sessionId + ": " + e.getMessage()))));
    }
}
