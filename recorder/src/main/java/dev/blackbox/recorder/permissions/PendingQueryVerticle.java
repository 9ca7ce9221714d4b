package dev.blackbox.recorder.permissions;

import dev.blackbox.bus.Addresses;
import dev.blackbox.recorder.session.RecordedSessions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Answers, for one node of the fleet, the questions that concern every session this process records,
 * by asking each session's own consumers ({@code blackbox.session.<id>.pending} / {@code .knows}) — it
 * keeps no state and holds no reference to any recorder: {@code blackbox.node.<id>.pending} lists every
 * pending request (optionally of one session) and names the sessions that did not answer in time;
 * {@code .locate} finds the session a request id belongs to. The fleet-wide queries gather these
 * answers from every node.
 */
public final class PendingQueryVerticle extends VerticleBase {

    static final long ASK_TIMEOUT_MS = 5_000;

    private final String nodeId;
    private List<MessageConsumer<Object>> consumers = List.of();

    /** @param nodeId this process's node of the cluster (the cluster manager's id) */
    public PendingQueryVerticle(String nodeId) {
        this.nodeId = nodeId;
    }

    @Override
    public Future<?> start() {
        consumers = List.of(
                vertx.eventBus().consumer(Addresses.nodePending(nodeId), this::pending),
                vertx.eventBus().consumer(Addresses.nodeLocate(nodeId), this::locate));
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }

    private void pending(Message<Object> message) {
        String only = message.body() instanceof JsonObject b && b.getValue("sessionId") instanceof String s ? s : null;
        List<String> sessions = RecordedSessions.ids(vertx).stream().filter(id -> only == null || id.equals(only)).toList();
        List<Future<Message<JsonObject>>> asked = sessions.stream()
                .map(id -> vertx.eventBus().<JsonObject>request(Addresses.sessionPending(id), null,
                        new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS)))
                .toList();
        Future.join(asked).onComplete(ar -> {
            JsonArray pending = new JsonArray();
            JsonArray unanswered = new JsonArray();
            for (int i = 0; i < asked.size(); i++) {
                Future<Message<JsonObject>> f = asked.get(i);
                if (f.succeeded()) {
                    pending.addAll(f.result().body().getJsonArray("pending"));
                } else {
                    unanswered.add(sessions.get(i));
                }
            }
            message.reply(new JsonObject().put("pending", pending).put("unanswered", unanswered));
        });
    }

    private void locate(Message<Object> message) {
        JsonObject body = message.body() instanceof JsonObject b ? b : new JsonObject();
        if (!(body.getValue("requestId") instanceof String requestId)) {
            message.fail(400, "field 'requestId' is required");
            return;
        }
        List<String> sessions = RecordedSessions.ids(vertx);
        List<Future<Message<JsonObject>>> asked = sessions.stream()
                .map(id -> vertx.eventBus().<JsonObject>request(Addresses.knows(id), new JsonObject().put("requestId", requestId),
                        new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS)))
                .toList();
        Future.join(asked).onComplete(ar -> {
            for (int i = 0; i < asked.size(); i++) {
                Future<Message<JsonObject>> f = asked.get(i);
                if (f.succeeded() && f.result().body().getBoolean("known", false)) {
                    message.reply(new JsonObject().put("requestId", requestId).put("sessionId", sessions.get(i)));
                    return;
                }
            }
            message.fail(404, "no session recorded on node " + nodeId + " knows permission request " + requestId);
        });
    }

    @Override
    public Future<?> stop() {
        return Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
    }
}
