package dev.blackbox.recorder.session;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Frames meant for the session while the socket is down (a decision, an interrupt): held in order
 * and written on reconnect, or failed when the recording ends. Upstream drops them silently; a
 * recorder must not (PROTOCOL.md, differences).
 */
final class Outbox {

    private record Held(String text, Promise<Void> promise) {
    }

    private final ArrayDeque<Held> held = new ArrayDeque<>();

    Future<Void> hold(String text) {
        Promise<Void> promise = Promise.promise();
        held.add(new Held(text, promise));
        return promise.future();
    }

    void drain(Function<String, Future<Void>> write) {
        Held h;
        while ((h = held.poll()) != null) {
            write.apply(h.text()).onComplete(h.promise());
        }
    }

    void failAll(Consumer<String> onFailed) {
        Held h;
        while ((h = held.poll()) != null) {
            onFailed.accept(h.text());
            h.promise().tryFail("recording ended before the frame could be sent");
        }
    }

    int size() {
        return held.size();
    }
}
