package dev.blackbox.recorder.session;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.JournalRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What people and programs may ask of one session over the bus, besides permissions: send a user
 * message, interrupt the turn, the recorder's status, a forced reconnect. Each message sent is
 * journaled before it is delivered and again with its outcome ({@code MESSAGE_POSTED}); each
 * interrupt names who asked ({@code INTERRUPT_REQUESTED}) before its frame.
 */
final class SessionCommands {

    private final Vertx vertx;
    private final String sessionId;
    private final SessionTransport transport;
    private final JournalFirstWriter journal;
    private final SessionConnection connection;
    private final Supplier<JsonObject> status;
    private final EchoRing sentUuids = new EchoRing(50);
    private List<MessageConsumer<Object>> consumers = List.of();

    SessionCommands(Vertx vertx, String sessionId, SessionTransport transport, JournalFirstWriter journal,
                    SessionConnection connection, Supplier<JsonObject> status) {
        this.vertx = vertx;
        this.sessionId = sessionId;
        this.transport = transport;
        this.journal = journal;
        this.connection = connection;
        this.status = status;
    }

    /** Registers the session's consumers; completes when they are registered (cluster-wide). */
    Future<Void> start() {
        consumers = List.of(
                vertx.eventBus().consumer(Addresses.send(sessionId), this::send),
                vertx.eventBus().consumer(Addresses.interrupt(sessionId), this::interrupt),
                vertx.eventBus().consumer(Addresses.status(sessionId), m -> m.reply(status.get())),
                vertx.eventBus().consumer(Addresses.reconnect(sessionId), m -> {
                    connection.forceReconnect("requested");
                    m.reply(new JsonObject().put("sessionId", sessionId));
                }));
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
    }

    Future<Void> stop() {
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
    }

    /** Whether a {@code user} frame could be our own message echoed back: only once we have posted one. */
    boolean mayEcho() {
        return !sentUuids.isEmpty();
    }

    /** True for a {@code user} frame that is our own message echoed back (possibly several times). */
    boolean isEcho(String uuid) {
        return sentUuids.contains(uuid);
    }

    private void send(Message<Object> message) {
        JsonObject body = message.body() instanceof JsonObject json ? json : null;
        Object content = body == null ? null : body.getValue("content", body.getValue("text"));
        if (!(content instanceof String || content instanceof JsonArray) || (content instanceof String s && s.isBlank())) {
            message.fail(400, "field 'text' (a string) or 'content' (an array of content blocks) is required");
            return;
        }
        String sentBy = body.getValue("sentBy") instanceof String s && !s.isBlank() ? s : null;
        if (sentBy == null) {
            message.fail(400, "field 'sentBy' is required");
            return;
        }
        sendMessage(content, sentBy).onComplete(ar -> reply(message, ar.succeeded() ? ar.result() : null, ar.cause()));
    }

    /** Sends a user message (text or content blocks) to the session; replies {uuid, status}. */
    Future<JsonObject> sendMessage(Object content, String sentBy) {
        String refusal = journal.refusalToSend("sends messages");
        if (refusal != null) {
            return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 409, refusal));
        }
        String uuid = UUID.randomUUID().toString();
        sentUuids.add(uuid); // before delivery: the echo may arrive before the response
        connection.messageSending();
        return journal.deliverUserMessage(transport.userEvent(uuid, content)).transform(ar -> {
            Integer httpStatus = ar.succeeded() ? ar.result()
                    : ar.cause() instanceof SessionTransport.Undelivered u ? u.httpStatus : null;
            String error = ar.succeeded() ? null : ar.cause().getMessage();
            journal.record(new JournalRecord.MessagePosted(uuid, Json.node(content), httpStatus, ar.succeeded(), sentBy, error));
            if (ar.failed()) {
                return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 502,
                        "the session did not accept the message: " + error));
            }
            connection.messageDelivered();
            return Future.succeededFuture(new JsonObject().put("uuid", uuid).put("status", httpStatus));
        });
    }

    private void interrupt(Message<Object> message) {
        JsonObject body = message.body() instanceof JsonObject json ? json : null;
        String requestedBy = body != null && body.getValue("requestedBy") instanceof String s && !s.isBlank() ? s : null;
        if (requestedBy == null) {
            message.fail(400, "field 'requestedBy' is required");
            return;
        }
        String refusal = journal.refusalToSend("interrupts");
        if (refusal != null) {
            message.fail(409, refusal);
            return;
        }
        String requestId = UUID.randomUUID().toString();
        journal.record(new JournalRecord.InterruptRequested(requestId, requestedBy));
        journal.send(new JsonObject()
                .put("type", "control_request")
                .put("request_id", requestId)
                .put("request", new JsonObject().put("subtype", "interrupt"))
                .encode());
        message.reply(new JsonObject().put("sessionId", sessionId).put("requestId", requestId));
    }

    private static void reply(Message<Object> message, JsonObject result, Throwable failure) {
        if (failure == null) {
            message.reply(result);
        } else if (failure instanceof ReplyException r) {
            message.fail(r.failureCode(), r.getMessage());
        } else {
            message.fail(500, String.valueOf(failure.getMessage()));
        }
    }
}
