package dev.blackbox.simulator.http;

import dev.blackbox.simulator.observe.SessionLog;
import dev.blackbox.simulator.observe.SubscribeAttempt;
import dev.blackbox.simulator.session.SimulatedSession;
import dev.blackbox.simulator.session.Subscriber;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import io.vertx.core.http.WebSocketFrameType;

/**
 * {@code GET /v1/sessions/ws/{id}/subscribe?organization_uuid=…}. Every upgrade is accepted first
 * and refused afterwards with a close code, because that is what gives the codes their meaning
 * to the client (PROTOCOL.md 3.2): 4003 for a bad token or organization, 4001 for an unknown or
 * ended session, 1008 for a missing {@code anthropic-version}, or whatever the scenario asked for.
 */
final class SubscribeEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(SubscribeEndpoint.class);

    private final Credentials credentials;
    private final Map<String, SimulatedSession> sessions;
    private final Function<String, SessionLog> logs;
    private final AtomicLong connections = new AtomicLong();

    SubscribeEndpoint(Credentials credentials, Map<String, SimulatedSession> sessions, Function<String, SessionLog> logs) {
        this.credentials = credentials;
        this.sessions = sessions;
        this.logs = logs;
    }

    void handle(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        if (!"websocket".equalsIgnoreCase(req.getHeader(HttpHeaders.UPGRADE))) {
            rc.response().setStatusCode(400).putHeader("content-type", "application/json")
                    .end(ApiErrors.body(400, "this endpoint only speaks WebSocket"));
            return;
        }
        String sessionId = rc.pathParam("id");
        String organization = rc.queryParams().get("organization_uuid");
        boolean bearerOk = credentials.bearerMatches(req.headers());
        Map<String, String> headers = Credentials.recordable(req.headers());
        boolean versionOk = Credentials.versionMatches(req.headers());
        long connection = connections.incrementAndGet();
        Runnable dropTcp = tcpDropper(req);
        req.toWebSocket()
                .onSuccess(ws -> accepted(ws, connection, sessionId, organization, headers, bearerOk, versionOk, dropTcp))
                .onFailure(e -> LOG.debug("subscribe upgrade failed: {}", e.toString()));
    }

    /**
     * Vert.x has no public way to close a connection without a close frame: even a Netty
     * {@code channel.close()} passes through Vert.x's handler, which turns it into a graceful
     * close handshake. Closing from the first pipeline context skips every handler. Null when
     * the connection is not the class expected.
     */
    private static Runnable tcpDropper(HttpServerRequest req) {
        return req.connection() instanceof ConnectionBase base
                ? () -> base.channel().pipeline().firstContext().close()
                : null;
    }

    private void accepted(ServerWebSocket ws, long connection, String sessionId, String organization,
                          Map<String, String> headers, boolean bearerOk, boolean versionOk, Runnable dropTcp) {
        SessionLog log = logs.apply(sessionId);
        SimulatedSession session = sessions.get(sessionId);
        SimulatedSession.Refusal refusal;
        if (!bearerOk) {
            refusal = new SimulatedSession.Refusal(4003, "unauthorized");
        } else if (!credentials.organizationMatches(organization)) {
            refusal = new SimulatedSession.Refusal(4003, "organization_uuid does not match the token's organization");
        } else if (session == null) {
            refusal = new SimulatedSession.Refusal(4001, "session not found");
        } else if (!versionOk) {
            refusal = new SimulatedSession.Refusal(1008, "anthropic-version: " + Credentials.ANTHROPIC_VERSION + " is required");
        } else {
            refusal = session.refusal();
        }
        log.subscribeAttempt(new SubscribeAttempt(connection, sessionId, organization, headers, bearerOk,
                refusal == null, null, null, null));
        if (refusal != null) {
            log.serverClosed(connection, refusal.code(), refusal.reason());
            ws.close((short) refusal.code(), refusal.reason());
            return;
        }
        ws.frameHandler(frame -> {
            if (frame.type() == WebSocketFrameType.PING) {
                log.pinged(); // Vert.x answers the pong itself
            }
        });
        ws.textMessageHandler(text -> session.receivedText(connection, text));
        ws.binaryMessageHandler(buf -> session.receivedBinary(connection, buf.getBytes()));
        ws.closeHandler(v -> session.closed(connection, ws.closeStatusCode()));
        ws.exceptionHandler(e -> LOG.debug("subscriber {} of {}: {}", connection, sessionId, e.toString()));
        session.subscribed(new Subscriber(connection, ws, dropTcp));
    }
}
