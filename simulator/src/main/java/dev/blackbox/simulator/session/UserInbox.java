package dev.blackbox.simulator.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.Deque;

/** User messages POSTed to the session, waiting for the scenario's {@code await_user_message}. */
final class UserInbox {

    private final Deque<JsonNode> messages = new ArrayDeque<>();
    private Promise<JsonNode> waiter;

    void offer(JsonNode message) {
        if (waiter != null) {
            Promise<JsonNode> w = waiter;
            waiter = null;
            w.complete(message);
        } else {
            messages.add(message);
        }
    }

    Future<JsonNode> next() {
        JsonNode first = messages.poll();
        if (first != null) {
            return Future.succeededFuture(first);
        }
        waiter = Promise.promise();
        return waiter.future();
    }

    /** Gives up the current wait (timeout or interrupt); a later message stays queued. */
    void stopWaiting() {
        waiter = null;
    }
}
