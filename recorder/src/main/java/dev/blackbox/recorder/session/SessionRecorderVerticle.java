package dev.blackbox.recorder.session;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.journal.SessionJournal;
import dev.blackbox.recorder.permissions.Decision;
import dev.blackbox.recorder.permissions.PermissionRequest;
import dev.blackbox.recorder.permissions.PermissionTable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Records one live session: connects as Claude Code's remote client does (PROTOCOL.md 10A),
 * journals every frame in and out, write first, then act, and keeps the session's pending
 * permission requests. One instance per session, all on one event loop: the journal's appender,
 * the connection state machine and the permission table are only touched from there.
 *
 * <p>Public methods may be called from any thread; they hop onto this verticle's context.
 */
public final class SessionRecorderVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(SessionRecorderVerticle.class);
    public static final String VERSION = "0.1.0";

    private final SessionSettings settings;
    private final ConnectionStateMachine connection;
    private final PermissionTable permissions = new PermissionTable();
    private final Outbox outbox = new Outbox();
    private final EchoRing sentUuids = new EchoRing(50);
    private final Promise<RecordingOutcome> ended = Promise.promise();
    private final String host;

    private SessionJournal journal;
    private SessionTransport transport;
    private UserMessagePoster poster;
    private WebClient webClient;
    private String status = "connecting";
    private int connectAttempts;
    private long pingTimer = -1;
    private long watchdogTimer = -1;
    private long reconnectTimer = -1;
    private boolean compacting;
    private boolean connectionProven;
    private boolean initialPromptPosted;
    private boolean finished;
    private long framesReceived;
    private long framesSent;
    private long malformedFrames;
    private long echoes;

    public SessionRecorderVerticle(SessionSettings settings) {
        this.settings = settings;
        this.host = hostName(); // here, not in start(): a name lookup may block, and start() runs on the event loop
        this.connection = new ConnectionStateMachine(settings.reconnectMode(), settings.timings(),
                () -> ThreadLocalRandom.current().nextDouble());
    }


    @Override
    public Future<?> start() {
        // Opening maps files and may take a second the first time in a JVM: not on the event loop, which
        // other sessions share. The appender is first used below, on this verticle's event loop, which owns it.
        return vertx.executeBlocking(() -> SessionJournal.open(settings.journalRoot(), settings.sessionId()))
                .compose(opened -> {
                    journal = opened;
                    return startRecording();
                });
    }

    private Future<Void> startRecording() {
        webClient = WebClient.create(vertx);
        poster = new UserMessagePoster(webClient, settings);
        transport = new WebSocketTransport(vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(WebSocketTransport.MAX_MESSAGE_BYTES)
                .setMaxMessageSize(WebSocketTransport.MAX_MESSAGE_BYTES)), settings);
        if (journalAppend(new JournalRecord.RecordingStarted(JournalRecord.FORMAT_VERSION, settings.sessionId(),
                settings.orgUuid(), settings.baseUrl().toString(), settings.viewerOnly(), VERSION, host,
                settings.reconnectMode().name().toLowerCase(java.util.Locale.ROOT))) < 0) {
            return Future.failedFuture("cannot write to the journal of session " + settings.sessionId());
        }
        connect();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        finish(RecordingOutcome.STOPPED, "recorder stopped");
        if (webClient != null) {
            webClient.close();
        }
        return Future.succeededFuture();
    }

    // ---- the public face: used by the permission broker, the CLI and tests ----

    public String sessionId() {
        return settings.sessionId();
    }

    public boolean viewerOnly() {
        return settings.viewerOnly();
    }

    /** Completes when the recording has ended, with how it ended. */
    public Future<RecordingOutcome> ended() {
        return ended.future();
    }

    /**
     * Decides a pending request: journals PERMISSION_DECIDED, then sends the control_response
     * (held until reconnect if the socket is down). Returns the decision's journal seq, or fails
     * with a {@link ReplyException} whose code says why it was refused (404, 409, 400).
     */
    public Future<Long> decide(String requestId, Decision decision) {
        return onContext(() -> decideNow(requestId, decision));
    }

    /** Refuses a decision before it reaches the table (e.g. an invalid body): journals DECISION_REFUSED. */
    public Future<Void> refuse(String requestId, String triedBy, PermissionTable.Refusal why, String detail) {
        return onContext(() -> {
            journalAppend(new JournalRecord.DecisionRefused(requestId, triedBy, why.why, detail));
            return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, why.code, detail));
        });
    }

    /** POSTs a user message (text or content blocks); replies {uuid, status}. Refused for viewer-only sessions. */
    public Future<JsonObject> sendUserMessage(Object content, String sentBy) {
        return onContext(() -> postUserMessage(content, sentBy));
    }

    /** Sends an interrupt control_request; returns its request id. Refused for viewer-only sessions. */
    public Future<String> interrupt(String requestedBy) {
        return onContext(() -> interruptNow(requestedBy));
    }

    public Future<List<PermissionRequest>> pending() {
        return onContext(() -> Future.succeededFuture(List.copyOf(permissions.pending())));
    }

    /** connection status, frame counts and pending requests, for a status line. */
    public Future<JsonObject> status() {
        return onContext(() -> Future.succeededFuture(new JsonObject()
                .put("sessionId", settings.sessionId())
                .put("status", status)
                .put("framesReceived", framesReceived)
                .put("framesSent", framesSent)
                .put("malformed", malformedFrames)
                .put("echoes", echoes)
                .put("pending", permissions.pendingCount())
                .put("held", outbox.size())
                .put("journalSeq", journal == null ? 0 : journal.lastSeq())));
    }

    /** Forces a reconnect now (what the 60 s watchdog does). */
    public Future<Void> forceReconnect() {
        return onContext(() -> {
            forcedReconnect("requested");
            return Future.succeededFuture();
        });
    }

    // ---- connection ----

    private void connect() {
        if (finished || !connection.connectRequested()) {
            return;
        }
        connectAttempts++;
        if (journalAppend(new JournalRecord.Connecting(connectAttempts)) < 0) {
            return;
        }
        transport.open(new SessionTransport.Listener() {
            @Override
            public void onFrame(Buffer data, boolean binary) {
                frameReceived(data, binary);
            }

            @Override
            public void onClosed(int code, String reason) {
                socketClosed(code, reason);
            }

            @Override
            public void onError(Throwable error) {
                journalAppend(new JournalRecord.ConnectionError(String.valueOf(error.getMessage())));
            }
        }).onSuccess(v -> opened()).onFailure(e -> {
            if (finished) {
                return;
            }
            journalAppend(new JournalRecord.ConnectionError(e.getMessage()));
            socketClosed(1006, e.getMessage());
        });
    }

    private void opened() {
        if (finished) {
            transport.close();
            return;
        }
        connection.opened();
        connectionProven = false;
        status = "connected";
        if (journalAppend(new JournalRecord.Connected(connectAttempts)) < 0) {
            return;
        }
        pingTimer = vertx.setPeriodic(settings.timings().pingIntervalMs(), id -> transport.ping());
        outbox.drain(this::writeNow);
        if (settings.initialPrompt() != null && !initialPromptPosted) {
            initialPromptPosted = true;
            postUserMessage(settings.initialPrompt(), "record --prompt")
                    .onFailure(e -> log.warn("session {}: initial prompt not posted: {}", settings.sessionId(), e.getMessage()));
        }
    }

    private void socketClosed(int code, String reason) {
        cancelTimer(pingTimer);
        pingTimer = -1;
        ConnectionStateMachine.Next next = connection.closed(code, System.currentTimeMillis());
        if (next instanceof ConnectionStateMachine.Next.Reconnect r) {
            status = "reconnecting";
            // events may have been missed in the gap: in-progress state is stale (upstream clears it too)
            journalAppend(new JournalRecord.Reconnecting(r.attempt(), r.delayMs(), code, reason, false));
            reconnectTimer = vertx.setTimer(r.delayMs(), id -> {
                reconnectTimer = -1;
                connect();
            });
        } else if (next instanceof ConnectionStateMachine.Next.GiveUp g) {
            journalAppend(new JournalRecord.Disconnected(code, g.reason(), g.permanent()));
            finish(g.permanent() ? RecordingOutcome.UNAUTHORIZED : RecordingOutcome.GAVE_UP, g.reason());
        }
    }

    /** reconnect(): close silently, reset counters, connect again after 500 ms; status stays as it is. */
    private void forcedReconnect(String why) {
        if (finished) {
            return;
        }
        cancelTimer(watchdogTimer);
        watchdogTimer = -1;
        cancelTimer(pingTimer);
        pingTimer = -1;
        cancelTimer(reconnectTimer);
        long delay = settings.timings().forcedReconnectDelayMs();
        journalAppend(new JournalRecord.Reconnecting(0, delay, null, why, true));
        connection.forcedReconnect();
        transport.close();
        reconnectTimer = vertx.setTimer(delay, id -> {
            reconnectTimer = -1;
            connect();
        });
    }

    // ---- frames in: journal first, then route ----

    private void frameReceived(Buffer data, boolean binary) {
        clearWatchdog(); // any inbound frame proves the subscription is alive
        if (!connectionProven) {
            connectionProven = true;
            connection.proven();
        }
        byte[] bytes = data.getBytes();
        long seq = journalAppend(binary ? EntryKind.FRAME_RECEIVED_BINARY : EntryKind.FRAME_RECEIVED, bytes);
        if (seq < 0) {
            return;
        }
        framesReceived++;
        if (binary) {
            malformedFrames++;
            return;
        }
        InboundFrame frame = InboundFrame.parse(bytes);
        if (frame.isMalformed()) {
            malformedFrames++;
            return;
        }
        try {
            route(frame, seq);
        } catch (ClassCastException e) {
            malformedFrames++; // a field of the wrong JSON type: recorded, not routed
        }
    }

    private void route(InboundFrame frame, long seq) {
        switch (frame.type()) {
            case "control_request" -> controlRequest(frame.json(), seq);
            case "control_cancel_request" -> controlCancelled(frame.json().getString("request_id"));
            case "control_response" -> {
                // acknowledgments (of our interrupt, for instance): recorded, nothing to do
            }
            case "user" -> {
                if (sentUuids.contains(frame.json().getString("uuid"))) {
                    echoes++;
                }
            }
            case "system" -> {
                if ("status".equals(frame.subtype())) {
                    compacting = "compacting".equals(frame.json().getString("status"));
                } else if ("compact_boundary".equals(frame.subtype())) {
                    compacting = false;
                }
            }
            default -> {
                // every other SDK message (and unknown types) is only recorded
            }
        }
    }

    private void controlRequest(JsonObject json, long seq) {
        String requestId = json.getString("request_id");
        JsonObject request = json.getJsonObject("request", new JsonObject());
        String subtype = request.getString("subtype");
        if ("can_use_tool".equals(subtype) && requestId != null) {
            PermissionRequest pr = PermissionRequest.fromFrame(settings.sessionId(), requestId, request,
                    journal.lastTsMicros(), seq);
            if (permissions.requested(pr)) {
                vertx.eventBus().publish(Addresses.PERMISSIONS_REQUESTED,
                        pr.toJson().put("viewerOnly", settings.viewerOnly()));
            }
            return;
        }
        if (settings.viewerOnly()) {
            return; // a viewer sends nothing at all
        }
        JsonObject error = new JsonObject()
                .put("type", "control_response")
                .put("response", new JsonObject()
                        .put("subtype", "error")
                        .put("request_id", requestId)
                        .put("error", "Unsupported control request subtype: " + subtype));
        sendFrame(error.encode());
    }

    private void controlCancelled(String requestId) {
        PermissionRequest cancelled = permissions.cancelled(requestId);
        vertx.eventBus().publish(Addresses.PERMISSIONS_CANCELLED, new JsonObject()
                .put("sessionId", settings.sessionId())
                .put("requestId", requestId)
                .put("toolUseId", cancelled == null ? null : cancelled.toolUseId()));
    }

    // ---- decisions, messages, interrupts ----

    private Future<Long> decideNow(String requestId, Decision decision) {
        if (settings.viewerOnly()) {
            return refuseNow(requestId, decision.decidedBy(), PermissionTable.Refusal.VIEWER_ONLY,
                    "session " + settings.sessionId() + " is recorded viewer-only: it never answers permissions");
        }
        PermissionTable.Outcome outcome = permissions.decide(requestId);
        if (!outcome.accepted()) {
            PermissionTable.Refusal why = outcome.refusal();
            String detail = switch (why) {
                case UNKNOWN -> "no permission request " + requestId + " in session " + settings.sessionId();
                case ALREADY_DECIDED -> "request " + requestId + " was already decided";
                case CANCELLED -> "request " + requestId + " was cancelled by the session";
                default -> why.why;
            };
            return refuseNow(requestId, decision.decidedBy(), why, detail);
        }
        PermissionRequest request = outcome.request();
        long latency = SystemTimeProvider.CLOCK.currentTimeMicros() - request.receivedAtMicros();
        long seq = journalAppend(new JournalRecord.PermissionDecided(requestId, request.toolUseId(), request.toolName(),
                decision.behavior().wire(), jsonNode(decision.updatedInput()), decision.message(),
                decision.interrupt() ? Boolean.TRUE : null, decision.decidedBy(), decision.via(), latency));
        if (seq < 0) {
            return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 500, "journal failure: decision not sent"));
        }
        vertx.eventBus().publish(Addresses.PERMISSIONS_RESOLVED, new JsonObject()
                .put("sessionId", settings.sessionId())
                .put("requestId", requestId)
                .put("behavior", decision.behavior().wire())
                .put("decidedBy", decision.decidedBy())
                .put("via", decision.via())
                .put("journalSeq", seq));
        sendFrame(decision.toControlResponse(requestId, request.input()).encode());
        return Future.succeededFuture(seq);
    }

    private <T> Future<T> refuseNow(String requestId, String triedBy, PermissionTable.Refusal why, String detail) {
        journalAppend(new JournalRecord.DecisionRefused(requestId, triedBy, why.why, detail));
        return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, why.code, detail));
    }

    private Future<JsonObject> postUserMessage(Object content, String sentBy) {
        if (settings.viewerOnly()) {
            return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 409,
                    "session " + settings.sessionId() + " is recorded viewer-only: it sends no messages"));
        }
        if (finished) {
            return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 409, "recording has ended"));
        }
        String uuid = UUID.randomUUID().toString();
        sentUuids.add(uuid); // before the POST: the echo may arrive before the response
        clearWatchdog();
        return poster.post(uuid, content).transform(ar -> {
            Integer httpStatus = ar.succeeded() ? ar.result() : null;
            boolean ok = httpStatus != null && UserMessagePoster.isSuccess(httpStatus);
            String error = ar.failed() ? ar.cause().getMessage() : ok ? null : "HTTP " + httpStatus;
            journalAppend(new JournalRecord.MessagePosted(uuid, jsonNode(content), httpStatus, ok, sentBy, error));
            if (!ok) {
                return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 502,
                        "the session did not accept the message: " + error));
            }
            armWatchdog();
            return Future.succeededFuture(new JsonObject().put("uuid", uuid).put("status", httpStatus));
        });
    }

    private Future<String> interruptNow(String requestedBy) {
        if (settings.viewerOnly()) {
            return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 409,
                    "session " + settings.sessionId() + " is recorded viewer-only: it never interrupts"));
        }
        if (finished) {
            return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 409, "recording has ended"));
        }
        String requestId = UUID.randomUUID().toString();
        journalAppend(new JournalRecord.InterruptRequested(requestId, requestedBy));
        sendFrame(new JsonObject()
                .put("type", "control_request")
                .put("request_id", requestId)
                .put("request", new JsonObject().put("subtype", "interrupt"))
                .encode());
        return Future.succeededFuture(requestId);
    }

    // ---- frames out: journal first, then write; held while disconnected ----

    private Future<Void> sendFrame(String text) {
        if (finished) {
            journalAppend(new JournalRecord.SendFailed(text, "recording has ended"));
            return Future.failedFuture("recording has ended");
        }
        if (!transport.isOpen()) {
            return outbox.hold(text); // delivered (and journaled as sent) on reconnect
        }
        return writeNow(text);
    }

    private Future<Void> writeNow(String text) {
        if (journalAppend(EntryKind.FRAME_SENT, text.getBytes(StandardCharsets.UTF_8)) < 0) {
            return Future.failedFuture("journal failure: frame not sent");
        }
        framesSent++;
        return transport.send(text).recover(e -> {
            // the socket died under the write: say so, and deliver it after the reconnect instead
            journalAppend(new JournalRecord.SendFailed(text, e.getMessage() + "; held for the next connection"));
            return finished ? Future.failedFuture(e) : outbox.hold(text);
        });
    }

    // ---- the unresponsive-session watchdog (PROTOCOL.md 5.4) ----

    private void armWatchdog() {
        if (settings.viewerOnly()) {
            return;
        }
        cancelTimer(watchdogTimer);
        long after = compacting ? settings.timings().compactingWatchdogMs() : settings.timings().watchdogMs();
        watchdogTimer = vertx.setTimer(after, id -> {
            watchdogTimer = -1;
            forcedReconnect("no frame for " + after + " ms after a message was sent");
        });
    }

    private void clearWatchdog() {
        cancelTimer(watchdogTimer);
        watchdogTimer = -1;
    }

    // ---- the end ----

    private void finish(RecordingOutcome outcome, String reason) {
        if (finished) {
            return;
        }
        finished = true;
        status = "disconnected";
        cancelTimer(pingTimer);
        cancelTimer(watchdogTimer);
        cancelTimer(reconnectTimer);
        if (transport != null) {
            connection.closedByUs();
            transport.close();
        }
        if (journal != null && !journal.isClosed()) {
            outbox.failAll(text -> journalAppend(new JournalRecord.SendFailed(text, "recording ended: " + reason)));
            journalAppend(new JournalRecord.RecordingStopped(outcome == RecordingOutcome.STOPPED
                    ? reason : outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + reason));
            journal.close();
        }
        ended.tryComplete(outcome);
    }

    /** Appends, or on failure stops recording (strict): nothing is sent on the strength of a lost entry. */
    private long journalAppend(EntryKind kind, byte[] payload) {
        if (journal == null || journal.isClosed()) {
            return -1;
        }
        try {
            return journal.append(kind, payload);
        } catch (RuntimeException e) {
            log.error("session {}: journal append failed, recording stops: {}", settings.sessionId(), e.getMessage());
            finished = true;
            status = "disconnected";
            cancelTimer(pingTimer);
            cancelTimer(watchdogTimer);
            cancelTimer(reconnectTimer);
            connection.closedByUs();
            transport.close();
            try {
                journal.close();
            } catch (RuntimeException ignored) {
                // already failing
            }
            ended.tryComplete(RecordingOutcome.JOURNAL_FAILURE);
            return -1;
        }
    }

    /** Appends one of the journal's own records; its seq, or -1 when the journal has failed (see above). */
    private long journalAppend(JournalRecord record) {
        return journalAppend(record.kind(), JournalRecord.Codec.encode(record));
    }

    private void cancelTimer(long id) {
        if (id >= 0) {
            vertx.cancelTimer(id);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode jsonNode(Object value) {
        if (value == null) {
            return null;
        }
        Object plain = value instanceof JsonObject o ? o.getMap() : value instanceof JsonArray a ? a.getList() : value;
        return MAPPER.valueToTree(plain);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }

    private <T> Future<T> onContext(Supplier<Future<T>> action) {
        Context ctx = context;
        if (ctx == null) {
            return Future.failedFuture("session " + settings.sessionId() + " is not recording");
        }
        if (Vertx.currentContext() == ctx) {
            return action.get();
        }
        Promise<T> promise = Promise.promise();
        ctx.runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }
}
