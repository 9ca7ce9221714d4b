package dev.blackbox.recorder.remote;

import dev.blackbox.journal.JournalFiles;
import dev.blackbox.recorder.session.HistorySource;
import dev.blackbox.recorder.session.ReconnectRules;
import dev.blackbox.recorder.session.SessionTransport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The remote sessions service: the subscribe socket (PROTOCOL.md 2.4, 3) for frames in and
 * control frames out, and {@code POST /v1/sessions/{id}/events} (6.1) for user messages. One
 * connection per {@link #open}, with a fresh token and the handshake headers, nothing sent on open;
 * a ping every 30 s while open. Frames are reassembled from their WebSocket fragments as raw bytes,
 * so the journal gets exactly what was received. A connection that never opened is close code 1006.
 *
 * <p>The socket lives on an event loop of its own, not the recorder's: reading and decoding the
 * WebSocket there while the recorder journals on its loop puts a session on two cores. Frames and
 * connection events cross to the recorder's loop in order and in batches ({@link NetworkInbox}, which
 * also pauses the socket while the recorder is behind); every listener callback and every future this
 * transport returns completes on the recorder's loop, as {@link SessionTransport} requires.
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
    private Link link; // the current connection, on the recorder's loop
    private Attempt opening; // the open in flight, on the recorder's loop
    private long pingTimer = -1;

    /** One connection: the socket, and whether we closed it. Fragments are reassembled on the network loop. */
    private static final class Link {
        final WebSocket socket;
        boolean closedByUs;
        Buffer partial; // network loop only
        boolean partialBinary;

        Link(WebSocket socket) {
            this.socket = socket;
        }
    }

    /** One open in flight; closed before its socket opened, the socket is closed as soon as it does. */
    private static final class Attempt {
        boolean closed;
    }

    private record Opened(Link link) {
    }

    private record OpenFailedEvent(String reason) {
    }

    private record Closed(Link link, Short code, String reason) {
    }

    private record Errored(String message) {
    }

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
        Context recorder = vertx.getOrCreateContext(); // open() is called on the recorder's loop
        Context network = NetworkLoop.besides(vertx, recorder);
        Promise<Void> opened = Promise.promise();
        Attempt attempt = new Attempt();
        opening = attempt;
        NetworkInbox inbox = new NetworkInbox(recorder, network, event -> deliver(event, attempt, listener, opened));
        network.runOnContext(v -> client.connect(options).onComplete(ar -> {
            if (ar.failed()) {
                inbox.event(new OpenFailedEvent(describe(ar.cause())));
                return;
            }
            WebSocket ws = ar.result();
            Link l = new Link(ws);
            inbox.attach(((WebSocketInternal) ws).channelHandlerContext().channel());
            inbox.event(new Opened(l)); // before any frame of it
            ws.frameHandler(frame -> onNetworkFrame(l, frame, inbox));
            ws.exceptionHandler(e -> inbox.event(new Errored(describe(e))));
            ws.closeHandler(c -> inbox.event(new Closed(l, ws.closeStatusCode(), ws.closeReason())));
        }));
        return opened.future();
    }

    /** On the recorder's loop, in the order things happened on the network loop. */
    private void deliver(Object event, Attempt attempt, Listener listener, Promise<Void> opened) {
        if (event instanceof NetworkInbox.Frame f) {
            listener.onFrame(f.data(), f.binary());
        } else if (event instanceof Opened o && attempt.closed) {
            // close() came while the socket was opening (the network loop had not told us yet): close it now,
            // with a close frame, instead of keeping a connection nobody uses
            o.link().closedByUs = true;
            o.link().socket.close();
            opened.fail("closed while it was opening");
        } else if (event instanceof Opened o) {
            opening = null;
            link = o.link();
            pingTimer = vertx.setPeriodic(session.timings().pingIntervalMs(), id -> ping());
            opened.complete();
        } else if (event instanceof OpenFailedEvent f) {
            if (opening == attempt) {
                opening = null;
            }
            opened.fail(new OpenFailed(ABNORMAL_CLOSURE, f.reason()));
        } else if (event instanceof Errored e) {
            listener.onError(e.message());
        } else if (event instanceof Closed c) {
            if (link == c.link()) {
                stopPinging();
                link = null;
            }
            if (!c.link().closedByUs) {
                listener.onClosed(c.code() == null ? ABNORMAL_CLOSURE : c.code(), c.reason());
            }
        }
    }

    /** On the network loop: whole frames go to the recorder as the heap buffers Vert.x decoded them into. */
    private static void onNetworkFrame(Link l, WebSocketFrame frame, NetworkInbox inbox) {
        if (frame.isText() || frame.isBinary()) {
            if (frame.isFinal()) {
                inbox.frame(frame.binaryData(), frame.isBinary());
            } else {
                l.partial = Buffer.buffer().appendBuffer(frame.binaryData());
                l.partialBinary = frame.isBinary();
            }
        } else if (frame.isContinuation() && l.partial != null) {
            l.partial.appendBuffer(frame.binaryData());
            if (frame.isFinal()) {
                Buffer whole = l.partial;
                l.partial = null;
                inbox.frame(whole, l.partialBinary);
            }
        }
        // ping, pong and close frames are the WebSocket layer's business
    }

    @Override
    public Future<Void> send(String frame) {
        Link l = link;
        if (l == null) {
            return Future.failedFuture("not connected");
        }
        // the write completes on the socket's loop; its outcome is handed back to the recorder's
        Context recorder = vertx.getOrCreateContext();
        Promise<Void> written = Promise.promise();
        l.socket.writeTextMessage(frame).onComplete(ar -> recorder.runOnContext(v -> written.handle(ar)));
        return written.future();
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
        Link l = link;
        if (l != null) {
            l.socket.writePing(Buffer.buffer()); // errors are ignored, as upstream does
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
        if (opening != null) {
            opening.closed = true;
            opening = null;
        }
        Link l = link;
        link = null;
        if (l != null) {
            l.closedByUs = true;
            l.socket.close();
        }
    }

    @Override
    public boolean isOpen() {
        return link != null;
    }
}
