package dev.blackbox.simulator.session;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** Timers that run {@code timeScale} times as long as written (tests use 0.01 to run fast). */
final class ScaledTimer {

    private final Vertx vertx;
    private final double timeScale;

    ScaledTimer(Vertx vertx, double timeScale) {
        this.vertx = vertx;
        this.timeScale = timeScale;
    }

    /** Completes after the scaled delay; at once (on this call) when that rounds to 0 ms. */
    Future<Void> after(long millis) {
        long scaled = Math.round(millis * timeScale);
        if (scaled <= 0) {
            return Future.succeededFuture();
        }
        Promise<Void> p = Promise.promise();
        vertx.setTimer(scaled, id -> p.complete());
        return p.future();
    }

    /** Nanoseconds between frames for a rate in frames per second; 0 for "as fast as possible". */
    long intervalNanos(double ratePerSecond) {
        return ratePerSecond <= 0 ? 0 : (long) (1_000_000_000L / ratePerSecond * timeScale);
    }

    void yieldThen(Runnable next) {
        vertx.runOnContext(v -> next.run());
    }

    void afterNanos(long nanos, Runnable next) {
        vertx.setTimer(Math.max(1, nanos / 1_000_000), id -> next.run());
    }
}
