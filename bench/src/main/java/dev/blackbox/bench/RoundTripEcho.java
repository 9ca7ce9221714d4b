package dev.blackbox.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/** Answers every request on {@value #ADDRESS} with a tiny JSON body: the other end of the bus baseline. */
final class RoundTripEcho extends VerticleBase {

    static final String ADDRESS = "blackbox.bench.roundtrip.echo";

    @Override
    public Future<?> start() {
        return vertx.eventBus().<JsonObject>consumer(ADDRESS, m -> m.reply(new JsonObject().put("ok", true)
                .put("n", m.body().getLong("n")))).completion();
    }
}
