package dev.blackbox.app.fleet;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which node holds which session: a cluster-wide map (Hazelcast's, through Vert.x shared data; a local
 * one without a cluster) from session id to {@code {sessionId, node, host, pid, state, since}}, where
 * state is {@code recording}, {@code ended} (the recording stopped, the journal is still there) or
 * {@code recorded} (a journal found under a node's root). Entries outlive their node: read against
 * the current members, a {@code recording} entry whose node has left is a lost recorder, not a
 * vanished session. Values are JSON; nothing is Java-serialized.
 */
public final class FleetDirectory {

    static final String MAP = "blackbox.fleet.sessions";

    public static final String RECORDING = "recording";
    public static final String ENDED = "ended";
    public static final String RECORDED = "recorded";
    /** Read-side states: the node that holds the session is no longer a member. */
    public static final String RECORDER_LOST = "recorder lost";
    public static final String NODE_GONE = "node gone";

    private final Vertx vertx;
    private final FleetNode node;

    public FleetDirectory(Vertx vertx, FleetNode node) {
        this.vertx = vertx;
        this.node = node;
    }

    public FleetNode node() {
        return node;
    }

    /** This node records the session now. */
    public Future<Void> recording(String sessionId) {
        return map().compose(m -> m.put(sessionId, entry(sessionId, RECORDING)));
    }

    /** The recording on this node has ended; the journal stays readable from here while the node is up. */
    public Future<Void> ended(String sessionId) {
        return map().compose(m -> m.put(sessionId, entry(sessionId, ENDED)));
    }

    /**
     * Journals this node holds: listed unless another live node already lists the session (the one
     * recording it, typically). Replaces entries whose node has left.
     */
    public Future<Void> holds(List<String> sessionIds) {
        Set<String> members = node.members();
        return map().compose(m -> Future.all(sessionIds.stream().map(id -> m.get(id).compose(existing ->
                existing == null || !members.contains(existing.getString("node"))
                        ? m.put(id, entry(id, RECORDED))
                        : Future.succeededFuture())).toList())).mapEmpty();
    }

    /** Every entry, with {@code nodeUp} and the read-side {@code state} (recorder lost, node gone) filled in; by session id. */
    public Future<List<JsonObject>> list() {
        return map().compose(AsyncMap::entries).map(this::resolved);
    }

    private List<JsonObject> resolved(Map<String, JsonObject> entries) {
        Set<String> members = node.members();
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject stored : entries.values()) {
            JsonObject e = stored.copy();
            boolean up = members.contains(e.getString("node"));
            e.put("nodeUp", up);
            if (!up) {
                e.put("state", RECORDING.equals(e.getString("state")) ? RECORDER_LOST : NODE_GONE);
            }
            out.add(e);
        }
        out.sort(Comparator.comparing(e -> e.getString("sessionId")));
        return out;
    }

    private JsonObject entry(String sessionId, String state) {
        return new JsonObject()
                .put("sessionId", sessionId)
                .put("node", node.id())
                .put("host", node.host())
                .put("pid", node.pid())
                .put("state", state)
                .put("since", Instant.now().toString());
    }

    private Future<AsyncMap<String, JsonObject>> map() {
        return vertx.sharedData().getAsyncMap(MAP);
    }
}
