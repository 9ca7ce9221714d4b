package dev.blackbox.replay.state;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.JournalCatalog;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.SessionIds;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Follows every session journal under the root, live, including sessions whose recording starts later,
 * and keeps a {@link SessionState} for each. Answers {@link Addresses#STATE_GET} (body: sessionId) and
 * {@link Addresses#SESSIONS_LIST}, and publishes {@link Addresses#STATE_CHANGED} (a summary) after each
 * batch of new entries. Everything runs on this verticle's event loop, which owns the journal tailers;
 * a tick reads at most {@code batch} entries per session so that catching up on a long journal never
 * blocks the loop for long.
 */
public final class ProjectionVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionVerticle.class);

    /** Poll interval for new entries, rescan interval for new sessions, entries per session per tick. */
    public record Options(Path root, long pollMillis, long rescanMillis, int batch) {
        public static Options of(Path root) {
            return new Options(root, 20, 500, 10_000);
        }
    }

    private static final class Followed {
        final JournalReader reader;
        final SessionState state;
        boolean caughtUp;

        Followed(JournalReader reader) {
            this.reader = reader;
            this.state = new SessionState(reader.sessionId());
        }
    }

    private final Options options;
    private final Map<String, Followed> sessions = new TreeMap<>();
    private long timer = -1;
    private long lastScanNanos;
    private boolean stopped;

    public ProjectionVerticle(Options options) {
        this.options = options;
    }

    @Override
    public Future<?> start() {
        var bus = vertx.eventBus();
        scan();
        tick();
        return Future.all(
                bus.<JsonObject>consumer(Addresses.STATE_GET, this::stateGet).completion(),
                bus.<JsonObject>consumer(Addresses.SESSIONS_LIST, this::sessionsList).completion());
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        vertx.cancelTimer(timer);
        sessions.values().forEach(f -> f.reader.close());
        sessions.clear();
        return Future.succeededFuture();
    }

    private void stateGet(Message<JsonObject> msg) {
        String id = msg.body() == null ? null : msg.body().getString("sessionId");
        if (id == null || !SessionIds.isValid(id)) {
            msg.fail(400, "blackbox.state.get needs {\"sessionId\": ...} with a valid session id, got " + msg.body());
            return;
        }
        Followed f = sessions.get(id);
        if (f == null) {
            scan(); // it may have started since the last scan
            f = sessions.get(id);
        }
        if (f == null) {
            msg.fail(404, "unknown session " + id + " under " + options.root());
            return;
        }
        JsonObject state = new JsonObject(f.state.toJson().toString());
        msg.reply(state.put("caughtUp", f.caughtUp));
    }

    private void sessionsList(Message<JsonObject> msg) {
        JsonArray list = new JsonArray();
        sessions.values().forEach(f -> list.add(new JsonObject(f.state.summaryJson().toString())));
        msg.reply(new JsonObject().put("sessions", list));
    }

    /** Reads what is new in every journal, publishes what changed, and schedules itself again. */
    private void tick() {
        if (stopped) {
            return;
        }
        if (System.nanoTime() - lastScanNanos > options.rescanMillis() * 1_000_000) {
            scan();
        }
        boolean more = false;
        for (Followed f : sessions.values()) {
            int read = 0;
            try {
                JournalEntry e;
                while (read < options.batch() && (e = f.reader.next()) != null) {
                    f.state.apply(e);
                    read++;
                }
            } catch (JournalException bad) {
                LOG.warn("session {}: {}", f.state.sessionId(), bad.getMessage());
            }
            f.caughtUp = read < options.batch();
            more |= !f.caughtUp;
            if (read > 0) {
                vertx.eventBus().publish(Addresses.STATE_CHANGED, new JsonObject(f.state.summaryJson().toString()));
            }
        }
        if (more) {
            vertx.runOnContext(v -> tick());
        } else {
            timer = vertx.setTimer(options.pollMillis(), t -> tick());
        }
    }

    private void scan() {
        lastScanNanos = System.nanoTime();
        Path root = options.root();
        if (!Files.isDirectory(root)) {
            return; // nothing recorded yet
        }
        try {
            JournalCatalog.sessionIds(root).stream().filter(id -> !sessions.containsKey(id)).forEach(this::follow);
        } catch (JournalException e) {
            LOG.warn("cannot list journal root {}: {}", root, e.getMessage());
        }
    }

    private void follow(String sessionId) {
        try {
            sessions.put(sessionId, new Followed(JournalReader.open(options.root(), sessionId)));
        } catch (JournalException e) {
            LOG.warn("cannot follow session {}: {}", sessionId, e.getMessage());
        }
    }
}
