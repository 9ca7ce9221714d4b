package dev.blackbox.console.transcript;

import dev.blackbox.audit.AccessLog;
import dev.blackbox.audit.AuditLogs;
import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalFiles;
import dev.blackbox.journal.JournalOptions;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.journal.SessionIds;
import dev.blackbox.replay.play.Entries;
import dev.blackbox.replay.remote.RemoteEntries;
import dev.blackbox.replay.remote.RemoteJournal;
import dev.blackbox.replay.transcript.Item;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;

/**
 * Answers {@link ConsoleAddresses#HISTORY}: a session's transcript from {@code fromSeq} (default 1)
 * up to now, rendered as replay renders it, newest {@code maxItems} at most and within a size budget
 * (older items are counted in {@code omitted}). The journal is read from entry 1 every time, since
 * the transcript of an entry depends on what came before; each answer opens, reads and closes its
 * own reader inside one worker task, so the reader never changes threads. A session recorded on another
 * host is read from the node of the cluster that holds it (and its chain recomputed on the way). A page's first
 * view of a session (live or replay; the bridge says which request is one) is recorded in the access log.
 */
public final class TranscriptHistory extends VerticleBase {

    static final int MAX_CHARS = 4 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(TranscriptHistory.class);
    private static final String HOST = AuditLogs.hostName();

    private final Path root;
    private final int maxItems;
    private final JournalOptions logOptions;
    private MessageConsumer<Object> consumer;

    public TranscriptHistory(Path root, int maxItems) {
        this(root, maxItems, JournalOptions.defaults());
    }

    /** @param logOptions how the access log is written (the console records each page's first view of a session) */
    public TranscriptHistory(Path root, int maxItems, JournalOptions logOptions) {
        this.root = root;
        this.maxItems = maxItems;
        this.logOptions = logOptions;
    }

    @Override
    public Future<?> start() {
        consumer = vertx.eventBus().consumer(Addresses.CONSOLE_HISTORY, this::answer);
        return consumer.completion();
    }

    private void answer(Message<Object> message) {
        JsonObject body = message.body() instanceof JsonObject json ? json : new JsonObject();
        String sessionId = body.getString("sessionId");
        Object from = body.getValue("fromSeq", 1L);
        if (sessionId == null || !SessionIds.isValid(sessionId)) {
            message.fail(400, "field 'sessionId' must be a session id (1-128 of A-Z a-z 0-9 _ -)");
            return;
        }
        if (!(from instanceof Number fromSeq) || fromSeq.longValue() < 1) {
            message.fail(400, "field 'fromSeq' must be a number >= 1");
            return;
        }
        if (!JournalFiles.hasJournal(JournalFiles.sessionDir(root, sessionId))) {
            // not on this host: read it from the node of the cluster that holds it, verified as it comes
            RemoteJournal.locate(vertx, sessionId)
                    .onFailure(e -> message.fail(404, "no journal for session " + sessionId + " under " + root + " ("
                            + e.getMessage() + ")"))
                    .onSuccess(remote -> recordView(body, sessionId, remote.host()))
                    .onSuccess(remote -> vertx.executeBlocking(() -> {
                                try (RemoteEntries entries = RemoteEntries.blocking(remote, 0)) {
                                    return read(entries, sessionId, fromSeq.longValue());
                                }
                            }, false)
                            .onSuccess(message::reply)
                            .onFailure(e -> message.fail(500, "cannot read the journal of session " + sessionId + " from host "
                                    + remote.host() + ": " + e.getMessage())));
            return;
        }
        recordView(body, sessionId, null);
        vertx.executeBlocking(() -> read(sessionId, fromSeq.longValue()), false)
                .onSuccess(message::reply)
                .onFailure(e -> message.fail(500, "cannot read the journal of session " + sessionId + ": " + e.getMessage()));
    }

    /**
     * The first view of a session by a page (the bridge stamps who and whether it is the first) goes in the
     * access log, on a worker and without holding up the answer; a view that cannot be recorded is logged.
     */
    private void recordView(JsonObject body, String sessionId, String heldBy) {
        if (!Boolean.TRUE.equals(body.getValue("firstView")) || !(body.getValue("viewedBy") instanceof String by)) {
            return;
        }
        String purpose = "replay".equals(body.getValue("purpose")) ? "replay" : "live";
        JournalRecord.SessionRead read = new JournalRecord.SessionRead(sessionId, by, HOST, "console", purpose, null, null, heldBy);
        vertx.executeBlocking(() -> AccessLog.record(root, logOptions, read), false).onSuccess(why -> {
            if (why != null) {
                log.warn("the console's view of session {} by {} is not in the access log: {}", sessionId, by, why);
            }
        });
    }

    JsonObject read(String sessionId, long fromSeq) {
        try (JournalReader reader = JournalReader.open(root, sessionId)) {
            return read(Entries.of(reader), sessionId, fromSeq);
        }
    }

    private JsonObject read(Entries reader, String sessionId, long fromSeq) {
        SessionTranscript transcript = new SessionTranscript();
        Deque<JsonObject> kept = new ArrayDeque<>();
        long chars = 0;
        long omitted = 0;
        try {
            for (JournalEntry e = reader.next(); e != null; e = reader.next()) {
                for (Item item : transcript.render(e)) {
                    if (e.seq() < fromSeq) {
                        continue;
                    }
                    JsonObject json = RenderedEntry.item(item);
                    kept.addLast(json);
                    chars += RenderedEntry.weight(json);
                    while (kept.size() > maxItems || (chars > MAX_CHARS && kept.size() > 1)) {
                        chars -= RenderedEntry.weight(kept.removeFirst());
                        omitted++;
                    }
                }
            }
        } catch (JournalException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return new JsonObject()
                .put("sessionId", sessionId)
                .put("fromSeq", fromSeq)
                .put("lastSeq", transcript.lastSeq())
                .put("firstTs", transcript.firstTs())
                .put("omitted", omitted)
                .put("viewerOnly", transcript.viewerOnly())
                .put("stopped", transcript.stopped())
                .put("items", new JsonArray(new ArrayList<>(kept)));
    }

    @Override
    public Future<?> stop() {
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }
}
