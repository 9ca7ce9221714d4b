package dev.blackbox.replay.remote;

import dev.blackbox.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A session's journal on another node of the cluster, read page by page over the bus from the node
 * that holds it (found in the fleet directory, {@link Addresses#FLEET_SESSIONS}). Only members of
 * the cluster can ask: the journal address is never bridged to a browser.
 */
public final class RemoteJournal {

    /** The journal is not reachable: unknown to the fleet, or its node has left, or it did not answer. */
    public static final class Unreachable extends RuntimeException {
        public Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    static final long ASK_TIMEOUT_MS = 30_000;

    private final Vertx vertx;
    private final String sessionId;
    private final String node;
    private final String host;

    public RemoteJournal(Vertx vertx, String sessionId, String node, String host) {
        this.vertx = vertx;
        this.sessionId = sessionId;
        this.node = node;
        this.host = host;
    }

    /** Finds the node that holds the session's journal; fails with {@link Unreachable} saying why not. */
    public static Future<RemoteJournal> locate(Vertx vertx, String sessionId) {
        return fleetSessions(vertx)
                .recover(e -> Future.failedFuture(new Unreachable("cannot ask the fleet which node holds session " + sessionId
                        + (e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS
                        ? ": no Blackbox node on the cluster answers " + Addresses.FLEET_SESSIONS : ": " + e.getMessage()))))
                .compose(reply -> {
                    JsonObject entry = find(reply.body().getJsonArray("sessions", new JsonArray()), sessionId);
                    if (entry == null) {
                        return Future.failedFuture(new Unreachable("no node of the cluster holds a journal of session " + sessionId
                                + "; 'blackbox sessions --cluster' lists those it knows"));
                    }
                    if (!entry.getBoolean("nodeUp", false)) {
                        return Future.failedFuture(new Unreachable("the journal of session " + sessionId + " is on host "
                                + entry.getString("host") + " (node " + shortId(entry.getString("node")) + "), which left the cluster ("
                                + entry.getString("state") + ")"));
                    }
                    return Future.succeededFuture(new RemoteJournal(vertx, sessionId, entry.getString("node"), entry.getString("host")));
                });
    }

    /**
     * The fleet directory, asked of this process's own fleet query when it has one (a node that just left
     * the cluster may still be registered elsewhere for a moment), else of any node.
     */
    public static Future<Message<JsonObject>> fleetSessions(Vertx vertx) {
        return vertx.eventBus().<JsonObject>request(Addresses.FLEET_SESSIONS, new JsonObject(),
                        new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS).setLocalOnly(true))
                .recover(e -> e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS
                        ? vertx.eventBus().request(Addresses.FLEET_SESSIONS, new JsonObject(),
                        new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS))
                        : Future.failedFuture(e));
    }

    /** One page from {@code fromSeq}; with {@code waitMs} the node waits that long for new entries before answering empty. */
    public Future<JournalPage> page(long fromSeq, int maxEntries, int maxBytes, long waitMs) {
        return vertx.eventBus().<JsonObject>request(Addresses.nodeJournal(node),
                        JournalPage.request(sessionId, fromSeq, maxEntries, maxBytes, waitMs),
                        new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS + waitMs))
                .recover(e -> Future.failedFuture(new Unreachable("reading session " + sessionId + " from host " + host
                        + " (node " + shortId(node) + "): " + describe(e))))
                .map(reply -> {
                    JsonObject body = reply.body();
                    if (body.getString("problem") != null && body.getJsonArray("entries").isEmpty()) {
                        throw new Unreachable("the journal of session " + sessionId + " on host " + host + " is unreadable "
                                + body.getString("problem"));
                    }
                    return JournalPage.fromJson(body);
                });
    }

    public String sessionId() {
        return sessionId;
    }

    public String node() {
        return node;
    }

    public String host() {
        return host;
    }

    private static JsonObject find(JsonArray sessions, String sessionId) {
        for (Object o : sessions) {
            if (o instanceof JsonObject e && sessionId.equals(e.getString("sessionId"))) {
                return e;
            }
        }
        return null;
    }

    private static String describe(Throwable e) {
        if (e instanceof ReplyException r) {
            return switch (r.failureType()) {
                case NO_HANDLERS -> "the node no longer serves journals (it left the cluster or is stopping)";
                case TIMEOUT -> "no answer in time";
                default -> r.getMessage();
            };
        }
        return String.valueOf(e.getMessage());
    }

    static String shortId(String node) {
        return node == null ? "?" : node.length() <= 8 ? node : node.substring(0, 8);
    }
}
