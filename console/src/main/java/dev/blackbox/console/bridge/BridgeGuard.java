package dev.blackbox.console.bridge;

import dev.blackbox.bus.Addresses;
import dev.blackbox.console.login.LoginRequired;
import dev.blackbox.console.transcript.SessionFeeds;
import io.vertx.core.Handler;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bridge's gatekeeper, on top of the address rules: a socket opens only for a logged-in request,
 * the page never publishes (it asks, it does not announce), and who acts is stamped by the server:
 * {@code decidedBy}/{@code via} on decide, {@code sentBy} on send, {@code requestedBy} on interrupt
 * are overwritten with the console user, whatever the page wrote. Registering for a session's frames
 * starts tailing that session's journal; the last page to leave stops it. A message larger than the
 * console's limit is not let through but answered: it is redirected to {@code blackbox.console.refused},
 * whose failure reply (413, saying why) the page shows, and the socket stays open. A history request is
 * stamped as a view (who, live or replay, the first of this page or not) for the access log.
 */
public final class BridgeGuard implements Handler<BridgeEvent> {

    public static final String VIA = "web";

    private final SessionFeeds feeds;
    private final int maxMessageBytes;
    private final Map<SockJSSocket, String> users = new ConcurrentHashMap<>();
    /** What each page (socket) has viewed so far: "sessionId/live", "sessionId/replay". */
    private final Map<SockJSSocket, Set<String>> viewed = new ConcurrentHashMap<>();

    public BridgeGuard(SessionFeeds feeds, int maxMessageBytes) {
        this.feeds = feeds;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void handle(BridgeEvent event) {
        SockJSSocket socket = event.socket();
        switch (event.type()) {
            case SOCKET_CREATED -> {
                String user = userOf(socket);
                if (user != null) {
                    users.put(socket, user);
                }
                event.complete(user != null);
            }
            case SOCKET_CLOSED -> {
                users.remove(socket);
                viewed.remove(socket);
                feeds.leaveAll(socket);
                event.complete(true);
            }
            case SEND -> event.complete(withinLimit(event.getRawMessage()) && stampIdentity(event.getRawMessage(), socket, users.get(socket)));
            case PUBLISH -> event.complete(false);
            case REGISTER -> {
                String session = BridgeRules.framesSession(address(event));
                if (session != null && users.containsKey(socket)) {
                    feeds.join(socket, session);
                }
                event.complete(users.containsKey(socket));
            }
            case UNREGISTER -> {
                String session = BridgeRules.framesSession(address(event));
                if (session != null) {
                    feeds.leave(socket, session);
                }
                event.complete(true);
            }
            default -> event.complete(true);
        }
    }

    /**
     * True when the message may go on as it is; an oversized one is redirected in place to the refusal
     * address, which fails it with a reply (the bridge reads the address after this hook).
     */
    private boolean withinLimit(JsonObject raw) {
        if (raw == null || raw.getString("replyAddress") == null) {
            return true; // nothing to answer: the bridge's own checks apply
        }
        int size = raw.getValue("body") == null ? 0 : Json.encodeToBuffer(raw.getValue("body")).length();
        if (size <= maxMessageBytes) {
            return true;
        }
        String why = "message of " + size + " bytes to " + raw.getString("address") + " is over the console's limit of "
                + maxMessageBytes + " bytes (console.maxMessageBytes); nothing was sent";
        raw.put("address", Addresses.CONSOLE_REFUSED).put("body", new JsonObject().put("why", why));
        return true;
    }

    /** Overwrites the acting user's fields in place; false refuses the message. */
    private boolean stampIdentity(JsonObject raw, SockJSSocket socket, String user) {
        if (user == null || raw == null) {
            return false;
        }
        String address = raw.getString("address");
        if (Addresses.CONSOLE_WHOAMI.equals(address)) {
            raw.put("body", new JsonObject().put("user", user).put("via", VIA).put("maxMessageBytes", maxMessageBytes));
            return true;
        }
        if (Addresses.CONSOLE_HISTORY.equals(address) && raw.getValue("body") instanceof JsonObject body) {
            stampView(body, socket, user);
            return true;
        }
        String action = BridgeRules.sessionAction(address);
        if (action == null) {
            return true; // a query: nothing to stamp
        }
        if (!(raw.getValue("body") instanceof JsonObject body)) {
            return false; // an action needs a JSON object to stamp
        }
        switch (action) {
            case "decide" -> body.put("decidedBy", user).put("via", VIA);
            case "send" -> body.put("sentBy", user);
            case "interrupt" -> body.put("requestedBy", user);
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * A history request is a view of the session: who views it (the login, whatever the page wrote), as what
     * ({@code purpose}: the live transcript or a replay), and whether this page has viewed it so before
     * ({@code firstView}: the access log records the first view of each per page load, not every request).
     */
    private void stampView(JsonObject body, SockJSSocket socket, String user) {
        String purpose = "replay".equals(body.getValue("purpose")) ? "replay" : "live";
        String session = body.getValue("sessionId") instanceof String id ? id : "";
        boolean first = viewed.computeIfAbsent(socket, s -> ConcurrentHashMap.newKeySet()).add(session + "/" + purpose);
        body.put("viewedBy", user).put("purpose", purpose).put("firstView", first);
    }

    /**
     * The login behind a new socket: {@link LoginRequired} checked the cookie of the request that
     * opened it and put the user in its context (SockJS passes only a few headers on to the socket,
     * never the cookie). No context, no user: the socket is closed.
     */
    private static String userOf(SockJSSocket socket) {
        RoutingContext ctx = socket.routingContext();
        return ctx == null ? null : ctx.get(LoginRequired.USER);
    }

    private static String address(BridgeEvent event) {
        JsonObject raw = event.getRawMessage();
        return raw == null ? null : raw.getString("address");
    }
}
