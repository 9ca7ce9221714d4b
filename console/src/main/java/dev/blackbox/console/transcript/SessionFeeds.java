package dev.blackbox.console.transcript;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which sessions some page is watching: one {@link SessionFeedVerticle} per watched session, shared
 * by every page that watches it, undeployed when the last one leaves (or its socket closes).
 */
public final class SessionFeeds {

    private record Feed(Set<Object> watchers, Future<String> deployment) {
    }

    private final Vertx vertx;
    private final Path root;
    private final long pollMillis;
    private final Map<String, Feed> feeds = new HashMap<>();

    public SessionFeeds(Vertx vertx, Path root, long pollMillis) {
        this.vertx = vertx;
        this.root = root;
        this.pollMillis = pollMillis;
    }

    public synchronized void join(Object watcher, String sessionId) {
        feeds.computeIfAbsent(sessionId, id -> new Feed(new HashSet<>(),
                        vertx.deployVerticle(new SessionFeedVerticle(root, id, pollMillis))))
                .watchers().add(watcher);
    }

    public synchronized void leave(Object watcher, String sessionId) {
        Feed feed = feeds.get(sessionId);
        if (feed != null && feed.watchers().remove(watcher) && feed.watchers().isEmpty()) {
            feeds.remove(sessionId);
            undeploy(feed);
        }
    }

    public synchronized void leaveAll(Object watcher) {
        for (String sessionId : List.copyOf(feeds.keySet())) {
            leave(watcher, sessionId);
        }
    }

    /** The sessions being tailed right now. */
    public synchronized Set<String> watched() {
        return Set.copyOf(feeds.keySet());
    }

    public synchronized Future<Void> closeAll() {
        List<Future<?>> all = new ArrayList<>();
        feeds.values().forEach(f -> all.add(undeploy(f)));
        feeds.clear();
        return Future.join(all).mapEmpty();
    }

    private Future<Void> undeploy(Feed feed) {
        return feed.deployment().compose(vertx::undeploy).recover(e -> Future.succeededFuture());
    }
}
