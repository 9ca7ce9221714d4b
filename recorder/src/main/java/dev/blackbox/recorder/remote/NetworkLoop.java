package dev.blackbox.recorder.remote;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks the event loop a session's socket runs on: the one after the recorder's own in Vert.x's group,
 * so that a session's network and its journal are two threads (two cores) and sessions stay spread
 * across the loops. With a single event loop there is nothing to split: the recorder's context itself.
 * Vert.x has no public way to ask for a context on a chosen loop; its internal context builder does it.
 */
final class NetworkLoop {

    private NetworkLoop() {
    }

    static Context besides(Vertx vertx, Context recorder) {
        if (!(vertx instanceof VertxInternal vx) || !(recorder instanceof ContextInternal own)) {
            return recorder;
        }
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : vx.nettyEventLoopGroup()) {
            loops.add((EventLoop) e);
        }
        int mine = loops.indexOf(own.nettyEventLoop());
        if (loops.size() < 2 || mine < 0) {
            return recorder;
        }
        return vx.contextBuilder().withEventLoop(loops.get((mine + 1) % loops.size())).build();
    }
}
