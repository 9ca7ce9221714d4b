package dev.blackbox.app.fleet;

import dev.blackbox.bus.Addresses;
import dev.blackbox.recorder.session.RecordedSessions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet-wide questions, answered from every recorder node of the cluster: the pending list
 * ({@link Addresses#PERMISSIONS_PENDING}), which session a request belongs to
 * ({@link Addresses#PERMISSIONS_LOCATE}) and the sessions list ({@link Addresses#FLEET_SESSIONS}).
 * The {@link FleetDirectory} says which nodes record what; each of them is asked on its own node
 * address, in parallel, with a deadline. The answer never hides what it lacks: nodes that did not
 * reply in time are listed as {@code unanswered}, sessions whose recorder left the cluster as
 * {@code lost}. Any process may run it (every answer is the same); it keeps no state.
 */
public final class FleetQueryVerticle extends VerticleBase {

    static final long DEFAULT_TIMEOUT_MS = 3_000;
    static final long MAX_TIMEOUT_MS = 60_000;

    private final FleetDirectory directory;
    private final boolean forThisProcessOnly;
    private List<MessageConsumer<Object>> consumers = List.of();

    public FleetQueryVerticle(FleetDirectory directory) {
        this(directory, false);
    }

    /**
     * @param forThisProcessOnly answer only this process (a command-line client that asks for itself and
     *                           leaves soon: no other node should route its questions here)
     */
    public FleetQueryVerticle(FleetDirectory directory, boolean forThisProcessOnly) {
        this.directory = directory;
        this.forThisProcessOnly = forThisProcessOnly;
    }

    @Override
    public Future<?> start() {
        consumers = List.of(
                consumer(Addresses.PERMISSIONS_PENDING, this::pending),
                consumer(Addresses.PERMISSIONS_LOCATE, this::locate),
                consumer(Addresses.FLEET_SESSIONS, this::sessions));
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
    }

    private MessageConsumer<Object> consumer(String address, Handler<Message<Object>> handler) {
        return forThisProcessOnly ? vertx.eventBus().localConsumer(address, handler) : vertx.eventBus().consumer(address, handler);
    }

    /** The fleet-wide addresses this verticle answers: a process that runs it asks its own (local-only delivery). */
    public static boolean answers(String address) {
        return Addresses.PERMISSIONS_PENDING.equals(address) || Addresses.PERMISSIONS_LOCATE.equals(address)
                || Addresses.FLEET_SESSIONS.equals(address);
    }

    @Override
    public Future<?> stop() {
        return Future.join(consumers.stream().map(MessageConsumer::unregister).toList());
    }

    /** A node to ask and the sessions the directory says it records. */
    private record Node(String id, String host, List<String> sessions) {
        JsonObject json() {
            return new JsonObject().put("node", id).put("host", host).put("sessions", new JsonArray(sessions));
        }
    }

    private void pending(Message<Object> message) {
        JsonObject body = message.body() instanceof JsonObject b ? b : new JsonObject();
        String only = body.getValue("sessionId") instanceof String s ? s : null;
        long timeout = timeout(body);
        directory.list().onComplete(ar -> {
            if (ar.failed()) {
                message.fail(500, "cannot read the fleet directory: " + ar.cause().getMessage());
                return;
            }
            List<JsonObject> entries = ar.result().stream().filter(e -> only == null || only.equals(e.getString("sessionId"))).toList();
            JsonArray lost = new JsonArray();
            entries.stream().filter(e -> FleetDirectory.RECORDER_LOST.equals(e.getString("state"))).forEach(lost::add);
            List<Node> nodes = recorderNodes(entries, only);
            JsonObject query = only == null ? new JsonObject() : new JsonObject().put("sessionId", only);
            List<Future<Message<JsonObject>>> asked = nodes.stream()
                    .map(n -> vertx.eventBus().<JsonObject>request(Addresses.nodePending(n.id()), query,
                            new DeliveryOptions().setSendTimeout(timeout)))
                    .toList();
            Future.join(asked).onComplete(done -> {
                List<JsonObject> pending = new ArrayList<>();
                JsonArray unanswered = new JsonArray();
                for (int i = 0; i < asked.size(); i++) {
                    Node n = nodes.get(i);
                    Future<Message<JsonObject>> f = asked.get(i);
                    if (f.failed()) {
                        unanswered.add(n.json().put("reason", why(f.cause(), timeout)));
                        continue;
                    }
                    JsonObject reply = f.result().body();
                    reply.getJsonArray("pending", new JsonArray()).forEach(r ->
                            pending.add(((JsonObject) r).put("node", n.id()).put("host", n.host())));
                    JsonArray quiet = reply.getJsonArray("unanswered", new JsonArray());
                    if (!quiet.isEmpty()) {
                        unanswered.add(new JsonObject().put("node", n.id()).put("host", n.host()).put("sessions", quiet)
                                .put("reason", "sessions did not reply in time"));
                    }
                }
                pending.sort(Comparator.comparingLong(r -> r.getLong("receivedAt", 0L)));
                message.reply(new JsonObject()
                        .put("pending", new JsonArray(new ArrayList<>(pending)))
                        .put("unanswered", unanswered)
                        .put("lost", lost)
                        .put("nodes", nodes.size())
                        .put("known", only == null || !entries.isEmpty()));
            });
        });
    }

    private void locate(Message<Object> message) {
        JsonObject body = message.body() instanceof JsonObject b ? b : new JsonObject();
        if (!(body.getValue("requestId") instanceof String requestId)) {
            message.fail(400, "field 'requestId' is required");
            return;
        }
        long timeout = timeout(body);
        directory.list().onComplete(ar -> {
            if (ar.failed()) {
                message.fail(500, "cannot read the fleet directory: " + ar.cause().getMessage());
                return;
            }
            List<Node> nodes = recorderNodes(ar.result(), null);
            JsonObject query = new JsonObject().put("requestId", requestId);
            List<Future<Message<JsonObject>>> asked = nodes.stream()
                    .map(n -> vertx.eventBus().<JsonObject>request(Addresses.nodeLocate(n.id()), query,
                            new DeliveryOptions().setSendTimeout(timeout)))
                    .toList();
            Future.join(asked).onComplete(done -> {
                List<String> silent = new ArrayList<>();
                for (int i = 0; i < asked.size(); i++) {
                    Future<Message<JsonObject>> f = asked.get(i);
                    if (f.succeeded()) {
                        message.reply(f.result().body().put("node", nodes.get(i).id()).put("host", nodes.get(i).host()));
                        return;
                    }
                    if (!(f.cause() instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE)) {
                        silent.add(FleetNode.shortId(nodes.get(i).id()) + " (" + nodes.get(i).host() + ")");
                    }
                }
                message.fail(404, "no recorder in the fleet knows permission request " + requestId
                        + (silent.isEmpty() ? "" : "; no reply in time from node " + String.join(", ", silent)));
            });
        });
    }

    private void sessions(Message<Object> message) {
        directory.list().onComplete(ar -> {
            if (ar.failed()) {
                message.fail(500, "cannot read the fleet directory: " + ar.cause().getMessage());
                return;
            }
            message.reply(new JsonObject()
                    .put("sessions", new JsonArray(new ArrayList<>(ar.result())))
                    .put("nodes", new JsonArray(List.copyOf(directory.node().members())))
                    .put("self", directory.node().id()));
        });
    }

    /**
     * The live nodes that record the sessions of these entries, and this node when it records any (its
     * entries may still be on their way into the directory).
     */
    private List<Node> recorderNodes(List<JsonObject> entries, String only) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (JsonObject e : entries) {
            if (FleetDirectory.RECORDING.equals(e.getString("state"))) {
                nodes.computeIfAbsent(e.getString("node"), id -> new Node(id, e.getString("host"), new ArrayList<>()))
                        .sessions().add(e.getString("sessionId"));
            }
        }
        FleetNode self = directory.node();
        List<String> here = RecordedSessions.ids(vertx).stream().filter(id -> only == null || id.equals(only)).toList();
        if (!here.isEmpty() && !nodes.containsKey(self.id())) {
            nodes.put(self.id(), new Node(self.id(), self.host(), new ArrayList<>(here)));
        }
        return List.copyOf(nodes.values());
    }

    private static long timeout(JsonObject body) {
        Object t = body.getValue("timeoutMs");
        return t instanceof Number n && n.longValue() > 0 ? Math.min(n.longValue(), MAX_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS;
    }

    private static String why(Throwable failure, long timeout) {
        if (failure instanceof ReplyException r) {
            return switch (r.failureType()) {
                case TIMEOUT -> "no reply within " + timeout + " ms";
                case NO_HANDLERS -> "its pending query is not registered (still starting, or stopping)";
                default -> "failed: " + r.getMessage();
            };
        }
        return "failed: " + failure.getMessage();
    }
}
