package dev.blackbox.simulator.session;

import dev.blackbox.simulator.scenario.Frame;
import dev.blackbox.simulator.scenario.FrameJson;
import io.vertx.core.Future;

import java.util.UUID;

/**
 * Where the simulated worker's frames leave: scenario frames wait until someone is subscribed
 * (a scenario pauses while nobody listens), are written to every subscriber, and are booked in
 * the history, the permission table and the turn tracker at the moment they are written. An
 * unattended worker (scenario option) does not wait: with nobody subscribed its JSON frames are
 * booked in the history only, as the real service keeps its agent running while no client listens.
 */
final class Outbox {

    private final Subscribers subscribers;
    private final EventHistory history;
    private final PermissionTable permissions;
    private final TurnTracker turn;
    private final boolean unattended;

    Outbox(Subscribers subscribers, EventHistory history, PermissionTable permissions, TurnTracker turn, boolean unattended) {
        this.subscribers = subscribers;
        this.history = history;
        this.permissions = permissions;
        this.turn = turn;
        this.unattended = unattended;
    }

    /** A JSON frame from the worker. The future completes when it is written and no socket is congested. */
    Future<Void> frame(Frame frame) {
        if (subscribers.isEmpty() && !unattended) {
            return subscribers.anyone().compose(v -> frame(frame));
        }
        permissions.observeSent(frame);
        turn.observeSent(frame.node());
        if (!"keep_alive".equals(FrameJson.typeOf(frame.node()))) {
            String uuid = FrameJson.text(frame.node(), "uuid");
            history.add(uuid != null ? uuid : UUID.randomUUID().toString(), frame.text());
        }
        return subscribers.writeText(frame.text());
    }

    /** A text frame exactly as given (need not be JSON); not an event, so not in the history. */
    Future<Void> raw(String text) {
        if (subscribers.isEmpty() && unattended) {
            return Future.succeededFuture(); // nobody to hear it, and the history keeps only events
        }
        if (subscribers.isEmpty()) {
            return subscribers.anyone().compose(v -> raw(text));
        }
        return subscribers.writeText(text);
    }

    Future<Void> binary(byte[] bytes) {
        if (subscribers.isEmpty() && unattended) {
            return Future.succeededFuture();
        }
        if (subscribers.isEmpty()) {
            return subscribers.anyone().compose(v -> binary(bytes));
        }
        return subscribers.writeBinary(bytes);
    }

    /** The echo of a POSTed event: to whoever is subscribed right now, never waiting. */
    void echo(String text) {
        subscribers.writeText(text);
    }

    /** An answer to a client's control request: to whoever is subscribed right now. */
    void reply(Frame frame) {
        subscribers.writeText(frame.text());
    }
}
