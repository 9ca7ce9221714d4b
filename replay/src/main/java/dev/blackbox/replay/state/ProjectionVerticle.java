package dev.blackbox.replay.state;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.JournalCatalog;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalFiles;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.JournalVerifier;
import dev.blackbox.journal.SessionIds;
import dev.blackbox.replay.play.Entries;
import dev.blackbox.replay.remote.RemoteEntries;
import dev.blackbox.replay.remote.RemoteJournal;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Follows every session journal under the root, live, including sessions whose recording starts later,
 * and keeps a {@link SessionState} for each. Answers {@link Addresses#STATE_GET} (body: sessionId) and
 * {@link Addresses#SESSIONS_LIST}, and publishes {@link Addresses#STATE_CHANGED} (a summary) after each
 * batch of new entries. Everything runs on this verticle's event loop, which owns the journal tailers;
 * a tick reads at most {@code batch} entries per session so that catching up on a long journal never
 * blocks the loop for long.
 *
 * <p>With {@code fleet}, it also follows the sessions other nodes of the cluster hold (asked of
 * {@link Addresses#FLEET_SESSIONS}), reading their journals over the bus and verifying them as they
 * come ({@link RemoteEntries}); every summary then says which node and host hold the session and its
 * fleet state ({@code recording}, {@code ended}, {@code recorder lost}...), and a session whose node
 * leaves stays listed, as lost.
 *
 * <p>Every summary and state carries the journal's {@code integrity} ({@link SessionIntegrity}): a local journal
 * is verified from its files on a worker, when it is first seen and again when it has grown (a live one at most
 * every {@link SessionIntegrity#LIVE_EVERY_MS}), one journal at a time; a remote one's chain is recomputed as
 * its entries arrive.
 */
public final class ProjectionVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionVerticle.class);

    /** Poll interval for new entries, rescan interval for new sessions, entries per session per tick. */
    public record Options(Path root, long pollMillis, long rescanMillis, int batch, boolean fleet) {
        public Options(Path root, long pollMillis, long rescanMillis, int batch) {
            this(root, pollMillis, rescanMillis, batch, false);
        }

        public static Options of(Path root) {
            return new Options(root, 20, 500, 10_000, false);
        }

        /** Also follow the sessions other nodes of the cluster hold. */
        public Options withFleet() {
            return new Options(root, pollMillis, rescanMillis, batch, true);
        }
    }

    static final long FLEET_EVERY_MS = 2_000;
    static final long REMOTE_WAIT_MS = 1_000;

    private static final class Followed {
        Entries reader;
        final SessionState state;
        final boolean remote;
        JsonObject fleet;
        boolean caughtUp;
        boolean broken;
        /** The journal's verdict as lists show it: {verdict, level, line}; "checking" until the verifier has answered. */
        JsonObject integrity = SessionIntegrity.checking();
        /** Entries were read since the last verification (local journals only). */
        boolean changed = true;
        boolean verifying;
        long verifiedAtNanos;

        Followed(String sessionId, Entries reader, boolean remote) {
            this.reader = reader;
            this.state = new SessionState(sessionId);
            this.remote = remote;
        }

        JsonObject summary() {
            JsonObject s = new JsonObject(state.summaryJson().toString()).put("integrity", integrity.copy());
            if (fleet != null) {
                s.put("node", fleet.getString("node")).put("host", fleet.getString("host"))
                        .put("fleetState", fleet.getString("state")).put("remote", remote);
            }
            return s;
        }
    }

    private final Options options;
    private final Map<String, Followed> sessions = new TreeMap<>();
    private long timer = -1;
    private long fleetTimer = -1;
    private long integrityTimer = -1;
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
        integrityTimer = vertx.setPeriodic(SessionIntegrity.PASS_EVERY_MS, t -> verifyDue());
        verifyDue();
        if (options.fleet()) {
            fleet();
            fleetTimer = vertx.setPeriodic(FLEET_EVERY_MS, t -> fleet());
        }
        return Future.all(
                bus.<JsonObject>consumer(Addresses.STATE_GET, this::stateGet).completion(),
                bus.<JsonObject>consumer(Addresses.SESSIONS_LIST, this::sessionsList).completion());
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        vertx.cancelTimer(timer);
        vertx.cancelTimer(fleetTimer);
        vertx.cancelTimer(integrityTimer);
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
        JsonObject state = new JsonObject(f.state.toJson().toString()).put("integrity", f.integrity.copy());
        if (f.fleet != null) {
            state.put("fleet", new JsonObject().put("node", f.fleet.getString("node")).put("host", f.fleet.getString("host"))
                    .put("state", f.fleet.getString("state")).put("remote", f.remote));
        }
        msg.reply(state.put("caughtUp", f.caughtUp));
    }

    private void sessionsList(Message<JsonObject> msg) {
        JsonArray list = new JsonArray();
        sessions.values().forEach(f -> list.add(f.summary()));
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
                while (!f.broken && read < options.batch() && (e = f.reader.next()) != null) {
                    f.state.apply(e);
                    read++;
                }
            } catch (JournalException bad) {
                LOG.warn("session {}: {}", f.state.sessionId(), bad.getMessage());
                f.broken = f.remote; // a remote source that failed is not asked again: its fleet state tells why
            }
            f.caughtUp = read < options.batch();
            more |= !f.caughtUp;
            if (read > 0) {
                f.changed = true;
            }
            if (f.remote && (read > 0 || f.broken) && f.reader instanceof RemoteEntries remote) {
                f.integrity = SessionIntegrity.received(remote.integrity(), remote.journal().host());
            }
            if (read > 0) {
                vertx.eventBus().publish(Addresses.STATE_CHANGED, f.summary());
            }
        }
        if (more) {
            vertx.runOnContext(v -> tick());
        } else {
            timer = vertx.setTimer(options.pollMillis(), t -> tick());
        }
    }

    /**
     * Verifies, one journal at a time on a worker, the local journals whose verdict is due
     * ({@link SessionIntegrity#due}), and publishes each summary whose verdict changed.
     */
    private void verifyDue() {
        if (stopped || sessions.values().stream().anyMatch(f -> f.verifying)) {
            return;
        }
        long now = System.nanoTime();
        sessions.values().stream().filter(f -> !f.remote && SessionIntegrity.due(f.integrity, f.changed, f.state.status(),
                now - f.verifiedAtNanos)).findFirst().ifPresent(f -> {
            f.verifying = true;
            f.changed = false;
            String id = f.state.sessionId();
            vertx.executeBlocking(() -> SessionIntegrity.of(JournalVerifier.verify(options.root(), id)), false)
                    .onComplete(ar -> {
                        f.verifying = false;
                        f.verifiedAtNanos = System.nanoTime();
                        JsonObject verdict = ar.succeeded() ? ar.result() : SessionIntegrity.unverifiable(ar.cause());
                        if (!verdict.equals(f.integrity)) {
                            f.integrity = verdict;
                            vertx.eventBus().publish(Addresses.STATE_CHANGED, f.summary());
                        }
                        verifyDue(); // the next one due, if any
                    });
        });
    }

    private void scan() {
        lastScanNanos = System.nanoTime();
        Path root = options.root();
        if (!Files.isDirectory(root)) {
            return; // nothing recorded yet
        }
        try {
            List<String> ids = JournalCatalog.sessionIds(root);
            ids.stream().filter(id -> !sessions.containsKey(id)).forEach(this::follow);
            forgetPruned(ids);
        } catch (JournalException e) {
            LOG.warn("cannot list journal root {}: {}", root, e.getMessage());
        }
    }

    /**
     * A local journal whose directory is gone (pruned) is no longer followed; its last summary is published once
     * more, as pruned. One whose cycle files alone are gone is verified again (the verifier names that).
     */
    private void forgetPruned(List<String> present) {
        for (Followed f : List.copyOf(sessions.values())) {
            if (f.remote || present.contains(f.state.sessionId())) {
                continue;
            }
            if (Files.exists(options.root().resolve(f.state.sessionId()))) {
                f.changed |= !"tampered".equals(f.integrity.getString("verdict"));
            } else {
                sessions.remove(f.state.sessionId());
                f.reader.close();
                f.integrity = SessionIntegrity.pruned();
                vertx.eventBus().publish(Addresses.STATE_CHANGED, f.summary().put("status", "pruned"));
            }
        }
    }

    private void follow(String sessionId) {
        try {
            sessions.put(sessionId, new Followed(sessionId, Entries.of(JournalReader.open(options.root(), sessionId)), false));
        } catch (JournalException e) {
            LOG.warn("cannot follow session {}: {}", sessionId, e.getMessage());
        }
    }

    /**
     * Learns who holds which session: sessions on other live nodes are followed over the bus; every
     * summary whose fleet facts changed (a node left: recorder lost) is published again.
     */
    private void fleet() {
        RemoteJournal.fleetSessions(vertx).onSuccess(reply -> {
            if (stopped) {
                return;
            }
            for (Object o : reply.body().getJsonArray("sessions", new JsonArray())) {
                JsonObject entry = (JsonObject) o;
                String id = entry.getString("sessionId");
                Followed f = sessions.get(id);
                if (f == null && entry.getBoolean("nodeUp", false) && SessionIds.isValid(id)
                        && !JournalFiles.hasJournal(JournalFiles.sessionDir(options.root(), id))) {
                    f = new Followed(id, RemoteEntries.polling(new RemoteJournal(vertx, id, entry.getString("node"),
                            entry.getString("host")), REMOTE_WAIT_MS), true);
                    sessions.put(id, f);
                }
                if (f != null && f.remote && entry.getBoolean("nodeUp", false) && f.fleet != null
                        && !entry.getString("node").equals(f.fleet.getString("node"))) {
                    // another node holds it now (a recorder restarted elsewhere): read from there; seen entries are skipped
                    f.reader.close();
                    f.reader = RemoteEntries.polling(new RemoteJournal(vertx, id, entry.getString("node"), entry.getString("host")),
                            REMOTE_WAIT_MS);
                    f.broken = false;
                }
                if (f != null && !entry.equals(f.fleet)) {
                    f.fleet = entry;
                    vertx.eventBus().publish(Addresses.STATE_CHANGED, f.summary());
                }
            }
        }); // no fleet query on this bus: only the local journals
    }
}
