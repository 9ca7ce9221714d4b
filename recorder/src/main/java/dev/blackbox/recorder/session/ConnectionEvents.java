package dev.blackbox.recorder.session;

import dev.blackbox.bus.Addresses;
import dev.blackbox.recorder.metrics.BlackboxMeters;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Tells the bus ({@link Addresses#CONNECTION_CHANGED}) and the meters about every change of one
 * session's connection, as it is journaled: a piped {@code record} prints them, a dashboard counts
 * reconnects by cause. A few per outage; never on the frame path.
 */
final class ConnectionEvents {

    private final Vertx vertx;
    private final String sessionId;
    private final SessionMeters meters;

    ConnectionEvents(Vertx vertx, String sessionId, SessionMeters meters) {
        this.vertx = vertx;
        this.sessionId = sessionId;
        this.meters = meters;
    }

    void connecting(int attempt) {
        publish(event("connecting").put("attempt", attempt));
    }

    void connected(int attempt) {
        meters.connected(true);
        publish(event("connected").put("attempt", attempt));
    }

    /** After a close with {@code code}: the cause is the code's class. */
    void reconnecting(int attempt, long delayMs, int code, String reason) {
        reconnecting(attempt, delayMs, code, reason, BlackboxMeters.closeCause(code));
    }

    /** Closed on our initiative ({@code cause} watchdog or requested), no close code. */
    void reconnecting(int attempt, long delayMs, Integer code, String reason, String cause) {
        meters.connected(false);
        meters.reconnect(cause);
        publish(event("reconnecting").put("attempt", attempt).put("delayMs", delayMs).put("code", code)
                .put("reason", reason).put("cause", cause));
    }

    void disconnected(Integer code, String reason) {
        meters.connected(false);
        publish(event("disconnected").put("code", code).put("reason", reason));
    }

    private JsonObject event(String status) {
        return new JsonObject().put("sessionId", sessionId).put("status", status).put("at", System.currentTimeMillis());
    }

    private void publish(JsonObject event) {
        vertx.eventBus().publish(Addresses.CONNECTION_CHANGED, event);
    }
}
