package dev.blackbox.recorder.permissions;

import dev.blackbox.bus.Addresses;
import dev.blackbox.recorder.session.SessionRecorderVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request/reply side of the permission contract (DESIGN.md section 3) for the sessions this
 * process records: {@code decide}, {@code send} and {@code interrupt} per session, and
 * {@code pending}. Bodies are validated here (400 naming the field, journaled as refused); the
 * recorder applies first-answer-wins and journals the decision before it is sent.
 */
public final class PermissionBrokerVerticle extends VerticleBase {

    private final Map<String, SessionRecorderVerticle> sessions = new ConcurrentHashMap<>();
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();

    @Override
    public Future<?> start() {
        MessageConsumer<Object> pending = vertx.eventBus().consumer(Addresses.PERMISSIONS_PENDING, this::pending);
        consumers.add(pending);
        return pending.completion();
    }

    /** Makes a recorded session answerable on the bus; completes when its consumers are registered (cluster-wide). */
    public Future<Void> register(SessionRecorderVerticle session) {
        String id = session.sessionId();
        sessions.put(id, session);
        MessageConsumer<Object> decide = vertx.eventBus().consumer(Addresses.decide(id), m -> decide(session, m));
        MessageConsumer<Object> send = vertx.eventBus().consumer(Addresses.send(id), m -> send(session, m));
        MessageConsumer<Object> interrupt = vertx.eventBus().consumer(Addresses.interrupt(id), m -> interrupt(session, m));
        consumers.addAll(List.of(decide, send, interrupt));
        return Future.all(decide.completion(), send.completion(), interrupt.completion()).mapEmpty();
    }

    private void decide(SessionRecorderVerticle session, Message<Object> message) {
        DecideRequest request;
        try {
            request = DecideRequest.parse(body(message));
        } catch (DecideRequest.Invalid e) {
            String triedBy = string(body(message), "decidedBy");
            session.refuse(e.requestId, triedBy, PermissionTable.Refusal.INVALID, e.getMessage())
                    .onFailure(f -> fail(message, f));
            return;
        }
        session.decide(request.requestId(), request.decision())
                .onSuccess(seq -> message.reply(new JsonObject()
                        .put("sessionId", session.sessionId())
                        .put("requestId", request.requestId())
                        .put("behavior", request.decision().behavior().wire())
                        .put("journalSeq", seq)))
                .onFailure(f -> fail(message, f));
    }

    private void send(SessionRecorderVerticle session, Message<Object> message) {
        JsonObject body = body(message);
        Object content = body == null ? null : body.getValue("content", body.getValue("text"));
        String sentBy = string(body, "sentBy");
        if (!(content instanceof String || content instanceof JsonArray) || (content instanceof String s && s.isBlank())) {
            message.fail(400, "field 'text' (a string) or 'content' (an array of content blocks) is required");
            return;
        }
        if (sentBy == null || sentBy.isBlank()) {
            message.fail(400, "field 'sentBy' is required");
            return;
        }
        session.sendUserMessage(content, sentBy).onSuccess(message::reply).onFailure(f -> fail(message, f));
    }

    private void interrupt(SessionRecorderVerticle session, Message<Object> message) {
        JsonObject body = body(message);
        String requestedBy = string(body, "requestedBy");
        if (requestedBy == null || requestedBy.isBlank()) {
            message.fail(400, "field 'requestedBy' is required");
            return;
        }
        session.interrupt(requestedBy)
                .onSuccess(id -> message.reply(new JsonObject().put("sessionId", session.sessionId()).put("requestId", id)))
                .onFailure(f -> fail(message, f));
    }

    /** Every pending request of the sessions recorded here, or of one session ({@code sessionId}). */
    private void pending(Message<Object> message) {
        JsonObject body = body(message);
        String only = string(body, "sessionId");
        List<Future<List<PermissionRequest>>> all = sessions.values().stream()
                .filter(s -> only == null || s.sessionId().equals(only))
                .map(SessionRecorderVerticle::pending)
                .toList();
        Future.all(all).onComplete(ar -> {
            JsonArray out = new JsonArray();
            for (Future<List<PermissionRequest>> f : all) {
                if (f.succeeded()) {
                    f.result().forEach(r -> out.add(r.toJson()));
                }
            }
            message.reply(new JsonObject().put("pending", out));
        });
    }

    /** A string field, or null when absent or of another JSON type (never a ClassCastException that leaves a request unanswered). */
    private static String string(JsonObject body, String field) {
        return body != null && body.getValue(field) instanceof String s ? s : null;
    }

    private static JsonObject body(Message<?> message) {
        return message.body() instanceof JsonObject json ? json : null;
    }

    private static void fail(Message<?> message, Throwable f) {
        if (f instanceof ReplyException r) {
            message.fail(r.failureCode(), r.getMessage());
        } else {
            message.fail(500, String.valueOf(f.getMessage()));
        }
    }

    @Override
    public Future<?> stop() {
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList());
    }
}
