package dev.blackbox.cli;

import dev.blackbox.bus.Addresses;
import dev.blackbox.replay.play.Terminal;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Set;

/**
 * Without a terminal (stderr piped to a file or a journal daemon) the status line is not drawn, so
 * {@code record} says each connection change of its sessions in one line, with the time:
 * connecting, connected, reconnecting (when, why), disconnected. It listens to the recorders'
 * {@link Addresses#CONNECTION_CHANGED} events on this process's bus.
 */
final class ConnectionLog {

    private final MessageConsumer<JsonObject> consumer;

    private ConnectionLog(MessageConsumer<JsonObject> consumer) {
        this.consumer = consumer;
    }

    /** Starts when stderr is no terminal (where the status line shows the same); registered before it returns. */
    static ConnectionLog startUnlessTerminal(Vertx vertx, Set<String> sessionIds, PrintStream err) {
        if (Terminal.stderrIsTerminal()) {
            return new ConnectionLog(null);
        }
        MessageConsumer<JsonObject> c = vertx.eventBus().<JsonObject>localConsumer(Addresses.CONNECTION_CHANGED, m -> {
            JsonObject e = m.body();
            if (sessionIds.contains(e.getString("sessionId"))) {
                err.println(line(e));
                err.flush();
            }
        });
        c.completion().await();
        return new ConnectionLog(c);
    }

    /** {@code blackbox: 2026-12-01T09:16:21.123Z session s1 reconnecting in 2000 ms (attempt 1, abnormal): close 1006 ...}. */
    static String line(JsonObject e) {
        StringBuilder b = new StringBuilder("blackbox: ")
                .append(Instant.ofEpochMilli(e.getLong("at", System.currentTimeMillis())))
                .append(" session ").append(e.getString("sessionId")).append(' ').append(e.getString("status"));
        switch (e.getString("status", "")) {
            case "connecting", "connected" -> b.append(" (attempt ").append(e.getInteger("attempt")).append(')');
            case "reconnecting" -> {
                b.append(" in ").append(e.getLong("delayMs")).append(" ms (");
                if (e.getInteger("attempt", 0) > 0) {
                    b.append("attempt ").append(e.getInteger("attempt")).append(", ");
                }
                b.append(e.getString("cause")).append("): ").append(closeAndReason(e));
            }
            case "disconnected" -> b.append(": ").append(closeAndReason(e));
            default -> {
            }
        }
        return b.toString();
    }

    private static String closeAndReason(JsonObject e) {
        Integer code = e.getInteger("code");
        String reason = e.getString("reason");
        String close = code == null ? "" : "close " + code;
        return reason == null || reason.isBlank() ? (close.isEmpty() ? "no reason given" : close)
                : close.isEmpty() ? reason : close + ", " + reason;
    }

    /** Unregisters once the events already published are printed (they are queued ahead of the unregistration). */
    void stop() {
        if (consumer != null) {
            consumer.unregister().await();
        }
    }
}
