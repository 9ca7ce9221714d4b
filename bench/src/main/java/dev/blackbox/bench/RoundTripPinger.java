package dev.blackbox.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/**
 * The baseline: raw event-bus request/reply to {@link RoundTripEcho}, one at a time, driven from
 * an event loop (as the policy and the broker talk), with a tiny JSON body. Every round trip after
 * the warm-up is timed with {@code System.nanoTime} into a histogram.
 */
final class RoundTripPinger extends VerticleBase {

    private final int warmup;
    private final int measured;
    private final Histogram nanos = new Histogram(60_000_000_000L, 3);
    private final Promise<Histogram> done = Promise.promise();

    RoundTripPinger(int warmup, int measured) {
        this.warmup = warmup;
        this.measured = measured;
    }

    @Override
    public Future<?> start() {
        context.runOnContext(v -> ping(0));
        return Future.succeededFuture();
    }

    /** Completes with the measured round trips, or fails with the first failed request. */
    Future<Histogram> done() {
        return done.future();
    }

    private void ping(int n) {
        if (n == warmup + measured) {
            done.complete(nanos);
            return;
        }
        long start = System.nanoTime();
        vertx.eventBus().<JsonObject>request(RoundTripEcho.ADDRESS, new JsonObject().put("n", n)).onComplete(ar -> {
            if (ar.failed()) {
                done.fail("request " + n + " to " + RoundTripEcho.ADDRESS + " failed: " + ar.cause().getMessage());
                return;
            }
            if (n >= warmup) {
                nanos.recordValue(System.nanoTime() - start);
            }
            ping(n + 1);
        });
    }
}
