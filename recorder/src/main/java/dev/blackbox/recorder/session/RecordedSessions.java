package dev.blackbox.recorder.session;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

import java.util.List;

/**
 * The ids of the sessions this process is recording right now: data, not objects, so queries
 * about all of them ask each session's own bus consumers instead of reaching into its verticle.
 */
public final class RecordedSessions {

    private static final String MAP = "blackbox.recorder.sessions";

    private RecordedSessions() {
    }

    static void add(Vertx vertx, String sessionId) {
        map(vertx).put(sessionId, Boolean.TRUE);
    }

    static void remove(Vertx vertx, String sessionId) {
        map(vertx).remove(sessionId);
    }

    public static List<String> ids(Vertx vertx) {
        return map(vertx).keySet().stream().sorted().toList();
    }

    private static LocalMap<String, Boolean> map(Vertx vertx) {
        return vertx.sharedData().getLocalMap(MAP);
    }
}
