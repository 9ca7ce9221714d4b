package dev.blackbox.cli;

import dev.blackbox.bus.Addresses;
import dev.blackbox.replay.play.Terminal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.stream.Collectors;

/** A one-line, self-refreshing status on a terminal's stderr: connection, frames, pending permissions. */
final class StatusLine {

    private final Vertx vertx;
    private final long timer;

    private StatusLine(Vertx vertx, long timer) {
        this.vertx = vertx;
        this.timer = timer;
    }

    static StatusLine none() {
        return new StatusLine(null, -1);
    }

    static StatusLine startIfTerminal(Vertx vertx, List<String> sessionIds) {
        if (!Terminal.stderrIsTerminal()) { // not System.console(): from Java 22 it is there when piped too
            return new StatusLine(vertx, -1);
        }
        long timer = vertx.setPeriodic(1000, id -> Future.all(sessionIds.stream()
                        .map(s -> vertx.eventBus().<JsonObject>request(Addresses.status(s), null).map(m -> m.body())).toList())
                .onSuccess(all -> {
                    String line = all.<JsonObject>list().stream()
                            .map(s -> s.getString("sessionId") + " " + s.getString("status") + " "
                                    + s.getLong("framesReceived") + " in/" + s.getLong("framesSent") + " out, "
                                    + s.getInteger("pending") + " pending")
                            .collect(Collectors.joining(" | "));
                    System.err.print("\r\033[K" + line);
                    System.err.flush();
                }));
        return new StatusLine(vertx, timer);
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            System.err.print("\r\033[K");
            System.err.flush();
        }
    }
}
