package dev.blackbox.console.transcript;

import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalFiles;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.replay.play.Entries;
import dev.blackbox.replay.remote.RemoteEntries;
import dev.blackbox.replay.remote.RemoteJournal;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Tails one session's journal and publishes every entry recorded after it started on
 * {@link Addresses#frames(String)}: {seq, ts, kind, payload, items}, the items rendered as replay
 * renders them. Entries that were already there are read too, but not published: the interpreter
 * needs the story so far, and pages get the past from the history query. The reader is created and
 * polled on this verticle's event loop only; a tick reads a bounded batch. A session recorded on another
 * host is followed over the bus from the node that holds it.
 */
public final class SessionFeedVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(SessionFeedVerticle.class);
    private static final int BATCH = 2_000;
    static final long LOCATE_EVERY_MS = 2_000;
    static final long REMOTE_WAIT_MS = 1_000;

    private final Path root;
    private final String sessionId;
    private final long pollMillis;
    private final SessionTranscript transcript = new SessionTranscript();
    private Entries reader;
    private long startSeq;
    private long timer = -1;
    private boolean locating;
    private long lastLocateMs;

    public SessionFeedVerticle(Path root, String sessionId, long pollMillis) {
        this.root = root;
        this.sessionId = sessionId;
        this.pollMillis = pollMillis;
    }

    @Override
    public Future<?> start() {
        reader = openIfRecorded();
        if (reader != null) {
            startSeq = reader.lastSeq(); // not recorded yet: every entry is new
        } else {
            locate();
        }
        timer = vertx.setPeriodic(pollMillis, id -> poll());
        return Future.succeededFuture();
    }

    private void poll() {
        if (reader == null && (reader = openIfRecorded()) == null) {
            locate();
            return;
        }
        try {
            for (int i = 0; i < BATCH; i++) {
                JournalEntry e = reader.next();
                if (e == null) {
                    return;
                }
                var items = transcript.render(e);
                if (e.seq() > startSeq) {
                    vertx.eventBus().publish(Addresses.frames(sessionId),
                            RenderedEntry.entry(sessionId, e, RenderedEntry.items(items)));
                }
            }
        } catch (JournalException e) {
            log.warn("session {}: the journal cannot be followed further: {}", sessionId, e.getMessage());
            vertx.cancelTimer(timer);
        }
    }

    private Entries openIfRecorded() {
        if (!JournalFiles.hasJournal(JournalFiles.sessionDir(root, sessionId))) {
            return null;
        }
        return Entries.of(JournalReader.open(root, sessionId));
    }

    /**
     * Not on this host: follows the journal on the node of the cluster that holds it, from what is new
     * once found (at most one attempt every {@link #LOCATE_EVERY_MS}).
     */
    private void locate() {
        long now = System.currentTimeMillis();
        if (locating || now - lastLocateMs < LOCATE_EVERY_MS) {
            return;
        }
        locating = true;
        lastLocateMs = now;
        RemoteJournal.locate(vertx, sessionId)
                .compose(remote -> remote.page(1, 1, 1, 0).map(first -> {
                    startSeq = first.lastSeq();
                    return RemoteEntries.polling(remote, REMOTE_WAIT_MS);
                }))
                .onComplete(ar -> {
                    locating = false;
                    if (ar.succeeded() && reader == null) {
                        reader = ar.result();
                    }
                });
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        if (reader != null) {
            reader.close();
        }
        return Future.succeededFuture();
    }
}
