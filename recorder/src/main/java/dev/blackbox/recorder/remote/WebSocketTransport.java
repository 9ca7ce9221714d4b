package dev.blackbox.recorder.remote;

import dev.blackbox.journal.JournalFiles;
import dev.blackbox.recorder.session.HistorySource;
import dev.blackbox.recorder.session.ReconnectRules;
import dev.blackbox.recorder.session.SessionTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Locale;

/**
 * The remote sessions service: the subscribe socket (PROTOCOL.md 2.4, 3) for frames in and
 * control frames out, and {@code POST /v1/sessions/{id}/events} (6.1) for user messages. One
 * connection per {@link #open}, with a fresh token and the handshake headers, nothing sent on open;
 * a ping every 30 s while open. Frames are reassembled from their WebSocket fragments as raw bytes,
 * so the journal gets exactly what was received. A connection that never opened is close code 1006.
 */
public final class WebSocketTransport implements SessionTransport {

    /** Frames up to the journal's entry limit are accepted (a bigger one could not be journaled); the service's own limit is not known. */
    public static final int MAX_MESSAGE_BYTES = JournalFiles.MAX_PAYLOAD_BYTES;
    /** No close frame: the connection failed or dropped (RFC 6455 7.4.1). */
    static final int ABNORMAL_CLOSURE = 1006;
    static final long POST_TIMEOUT_MS = 30_000;

    private final Vertx vertx;
    private final RemoteSession session;
    private final String sessionId;
    private final ConnectionStateMachine rules;
    private final WebSocketClient client;
    private final WebClient http;
    private WebSocket socket;
    private boolean closingByUs;
    private Buffer partial;
    private boolean partialBinary;
    private long pingTimer = -1;

    WebSocketTransport(Vertx vertx, RemoteSession session, String sessionId, ConnectionStateMachine rules) {
        this.vertx = vertx;
        this.session = session;
        this.sessionId = sessionId;
        this.rules = rules;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(MAX_MESSAGE_BYTES).setMaxMessageSize(MAX_MESSAGE_BYTES));
        this.http = WebClient.create(vertx);
    }

    @Override
    public String kind() {
        return "websocket";
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("orgUuid", session.orgUuid());
        facts.put("baseUrl", session.baseUrl().toString());
        facts.put("reconnectMode", session.reconnectMode().name().toLowerCase(Locale.ROOT));
        return facts;
    }

    @Override
    public ReconnectRules reconnectRules() {
        return rules;
    }

    @Override
    public Future<Void> open(Listener listener) {
        String bearer;
        try {
            bearer = bearer();
        } catch (IllegalStateException e) {
            return Future.failedFuture(new OpenFailed(ABNORMAL_CLOSURE, e.getMessage()));
        }
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setAbsoluteURI(session.subscribeUri(sessionId).toString())
                .setSsl(session.secure())
                .setConnectTimeout(15_000)
                .addHeader("Authorization", bearer)
                .addHeader("anthropic-version", "2023-06-01");
        return client.connect(options)
                .recover(e -> Future.failedFuture(new OpenFailed(ABNORMAL_CLOSURE, describe(e))))
                .map(ws -> {
                    socket = ws;
                    closingByUs = false;
                    ws.frameHandler(frame -> onFrame(frame, listener));
                    ws.exceptionHandler(e -> listener.onError(describe(e)));
                    ws.closeHandler(v -> {
                        stopPinging();
                        socket = null;
                        if (!closingByUs) {
                            Short code = ws.closeStatusCode();
                            listener.onClosed(code == null ? ABNORMAL_CLOSURE : code, ws.closeReason());
                        }
                    });
                    pingTimer = vertx.setPeriodic(session.timings().pingIntervalMs(), id -> ping());
                    return null;
                });
    }

    private void onFrame(WebSocketFrame frame, Listener listener) {
        if (frame.isText() || frame.isBinary()) {
            if (frame.isFinal()) {
                listener.onFrame(frame.binaryData(), frame.isBinary());
            } else {
                partial = Buffer.buffer().appendBuffer(frame.binaryData());
                partialBinary = frame.isBinary();
            }
        } else if (frame.isContinuation() && partial != null) {
            partial.appendBuffer(frame.binaryData());
            if (frame.isFinal()) {
                Buffer whole = partial;
                partial = null;
                listener.onFrame(whole, partialBinary);
            }
        }
        // ping, pong and close frames are the WebSocket layer's business
    }

    @Override
    public Future<Void> send(String frame) {
        WebSocket ws = socket;
        if (ws == null) {
            return Future.failedFuture("not connected");
        }
        return ws.writeTextMessage(frame);
    }

    /** The event shape of PROTOCOL.md 6.1: the recording's session id, no parent tool use. */
    @Override
    public String userEvent(String uuid, Object content) {
        return new JsonObject()
                .put("uuid", uuid)
                .put("session_id", sessionId)
                .put("type", "user")
                .putNull("parent_tool_use_id")
                .put("message", new JsonObject().put("role", "user").put("content", content))
                .encode();
    }

    /**
     * POSTs the event, its bytes verbatim inside {@code {"events":[...]}}, with the five headers of
     * PROTOCOL.md 2.3 and a 30 s timeout; 200 or 201 is success. No retry (upstream has none).
     */
    @Override
    public Future<Integer> deliverUserMessage(String userEvent) {
        String bearer;
        try {
            bearer = bearer();
        } catch (IllegalStateException e) {
            return Future.failedFuture(new Undelivered(null, e.getMessage()));
        }
        Buffer body = Buffer.buffer("{\"events\":[").appendString(userEvent).appendString("]}");
        return http.postAbs(session.eventsUri(sessionId).toString())
                .timeout(POST_TIMEOUT_MS)
                .putHeader("Authorization", bearer)
                .putHeader("Content-Type", "application/json")
                .putHeader("anthropic-version", "2023-06-01")
                .putHeader("anthropic-beta", "ccr-byoc-2025-07-29")
                .putHeader("x-organization-uuid", session.orgUuid())
                .sendBuffer(body)
                .map(HttpResponse::statusCode)
                .recover(e -> Future.failedFuture(new Undelivered(null, describe(e))))
                .compose(status -> status == 200 || status == 201
                        ? Future.succeededFuture(status)
                        : Future.failedFuture(new Undelivered(status, "HTTP " + status)));
    }

    /** The service's event history for this session, with the same headers and a fresh token per request. */
    @Override
    public HistorySource history() {
        return new HistoryClient(http, session, sessionId, this::bearer);
    }

    private void ping() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.writePing(Buffer.buffer()); // errors are ignored, as upstream does
        }
    }

    private void stopPinging() {
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
            pingTimer = -1;
        }
    }

    /** The token is read afresh for every connection and every POST (PROTOCOL.md 2.2): a rotated token is picked up. */
    private String bearer() {
        return "Bearer " + session.token().get();
    }

    /** A one-line reason that never contains the token (Vert.x errors carry no headers, but be sure). */
    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("(?i)bearer\\s+\\S+", "Bearer ***");
    }

    @Override
    public void close() {
        stopPinging();
        WebSocket ws = socket;
        socket = null;
        partial = null;
        if (ws != null) {
            closingByUs = true;
            ws.close();
        }
    }

    @Override
    public boolean isOpen() {
        return socket != null;
    }
}
