package dev.blackbox.replay.remote;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalFiles;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.SessionIds;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Serves reads of the journals this node holds to the other members of the cluster, one page per
 * request on {@link Addresses#nodeJournal(String)}: from a seq, at most so many entries and bytes,
 * and, when the reader is following a live session and nothing is new yet, after waiting up to
 * {@code waitMs} for the recorder to append (a long poll). The reader asks for the next page when it
 * wants it; nothing is pushed. Journals are only read: never written, locked or moved.
 *
 * <p>Reads run on one worker thread of their own (Chronicle tailers must not change threads, and
 * opening a journal may block). A reader that goes on where its last page ended reuses the open
 * tailer; idle ones are closed after {@link #IDLE_MS}.
 */
public final class JournalPageServer extends VerticleBase {

    static final long IDLE_MS = 30_000;
    static final int MAX_OPEN = 64;
    static final long POLL_MS = 25;

    /** An open tailer, positioned at {@code nextSeq}. Only touched on the read thread. */
    private record Cursor(JournalReader reader, long lastUsedNanos) {
    }

    private final List<Path> roots;
    private final String nodeId;
    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
    private WorkerExecutor reads;
    private MessageConsumer<Object> consumer;
    private long sweeper = -1;

    /**
     * @param roots  the journal roots this node holds (usually one)
     * @param nodeId this node's id in the cluster (its address is derived from it)
     */
    public JournalPageServer(List<Path> roots, String nodeId) {
        this.roots = List.copyOf(roots);
        this.nodeId = nodeId;
    }

    @Override
    public Future<?> start() {
        reads = vertx.createSharedWorkerExecutor("blackbox-journal-pages-" + nodeId, 1);
        consumer = vertx.eventBus().consumer(Addresses.nodeJournal(nodeId), this::page);
        sweeper = vertx.setPeriodic(IDLE_MS, id -> reads.executeBlocking(() -> {
            closeIdle(System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(IDLE_MS));
            return null;
        }));
        return consumer.completion();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(sweeper);
        return consumer.unregister()
                .compose(v -> reads.executeBlocking(() -> {
                    closeIdle(Long.MAX_VALUE);
                    return null;
                }))
                .onComplete(v -> reads.close());
    }

    private void page(Message<Object> message) {
        JsonObject body = message.body() instanceof JsonObject b ? b : new JsonObject();
        String sessionId = body.getValue("sessionId") instanceof String s ? s : null;
        if (sessionId == null || !SessionIds.isValid(sessionId)) {
            message.fail(400, "field 'sessionId' must be a session id");
            return;
        }
        long fromSeq = number(body, "fromSeq", 1);
        int maxEntries = (int) Math.min(JournalPage.MAX_ENTRIES, number(body, "maxEntries", JournalPage.DEFAULT_MAX_ENTRIES));
        int maxBytes = (int) Math.min(Integer.MAX_VALUE, number(body, "maxBytes", JournalPage.DEFAULT_MAX_BYTES));
        long waitMs = Math.min(JournalPage.MAX_WAIT_MS, Math.max(0, body.getValue("waitMs") instanceof Number n ? n.longValue() : 0));
        if (fromSeq < 1 || maxEntries < 1 || maxBytes < 1) {
            message.fail(400, "fromSeq, maxEntries and maxBytes must be positive");
            return;
        }
        Path root = roots.stream().filter(r -> JournalFiles.hasJournal(JournalFiles.sessionDir(r, sessionId))).findFirst().orElse(null);
        if (root == null) {
            message.fail(404, "no journal for session " + sessionId + " on node " + nodeId);
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        readUntil(root, sessionId, fromSeq, maxEntries, maxBytes, deadline).onComplete(ar -> {
            if (ar.succeeded()) {
                message.reply(ar.result());
            } else {
                message.fail(500, "cannot read the journal of session " + sessionId + ": " + ar.cause().getMessage());
            }
        });
    }

    /** Reads a page; an empty one is read again every {@link #POLL_MS} until the deadline (live follow). */
    private Future<JsonObject> readUntil(Path root, String sessionId, long fromSeq, int maxEntries, int maxBytes, long deadline) {
        return reads.executeBlocking(() -> read(root, sessionId, fromSeq, maxEntries, maxBytes)).compose(page -> {
            if (!page.getJsonArray("entries").isEmpty() || page.getBoolean("stopped") || System.nanoTime() >= deadline) {
                return Future.succeededFuture(page);
            }
            Promise<JsonObject> again = Promise.promise();
            vertx.setTimer(POLL_MS, t -> readUntil(root, sessionId, fromSeq, maxEntries, maxBytes, deadline).onComplete(again));
            return again.future();
        });
    }

    /** On the read thread. An entry that cannot be decoded ends the page, and the page says where. */
    private JsonObject read(Path root, String sessionId, long fromSeq, int maxEntries, int maxBytes) {
        Cursor cursor = cursors.remove(key(sessionId, fromSeq));
        JournalReader reader = cursor != null ? cursor.reader() : JournalReader.open(root, sessionId).seek(fromSeq);
        List<JournalEntry> entries = new ArrayList<>();
        long bytes = 0;
        long next = fromSeq;
        String problem = null;
        try {
            while (entries.size() < maxEntries && bytes < maxBytes) {
                JournalEntry e = reader.next();
                if (e == null) {
                    break;
                }
                if (e.seq() < fromSeq) {
                    continue;
                }
                entries.add(e);
                bytes += e.payload().length;
                next = e.seq() + 1;
            }
        } catch (JournalException bad) {
            problem = "after seq " + (next - 1) + ": " + bad.getMessage();
        }
        JournalEntry last = reader.lastEntry();
        if (problem == null) {
            keep(key(sessionId, next), reader);
        } else {
            reader.close();
        }
        JsonObject page = new JournalPage(sessionId, entries, next, last == null ? 0 : last.seq(),
                last != null && last.kind() == EntryKind.RECORDING_STOPPED && next > last.seq()).toJson();
        return problem == null ? page : page.put("problem", problem);
    }

    private void keep(String key, JournalReader reader) {
        Cursor previous = cursors.put(key, new Cursor(reader, System.nanoTime()));
        if (previous != null) {
            previous.reader().close();
        }
        if (cursors.size() > MAX_OPEN) {
            cursors.entrySet().stream().min(Comparator.comparingLong(e -> e.getValue().lastUsedNanos()))
                    .ifPresent(oldest -> close(oldest.getKey()));
        }
    }

    private void closeIdle(long usedBefore) {
        cursors.entrySet().stream().filter(e -> e.getValue().lastUsedNanos() < usedBefore).map(Map.Entry::getKey).toList()
                .forEach(this::close);
    }

    private void close(String key) {
        Cursor c = cursors.remove(key);
        if (c != null) {
            c.reader().close();
        }
    }

    private static String key(String sessionId, long nextSeq) {
        return sessionId + "@" + nextSeq;
    }

    private static long number(JsonObject body, String field, long otherwise) {
        return body.getValue(field) instanceof Number n ? n.longValue() : otherwise;
    }
}
