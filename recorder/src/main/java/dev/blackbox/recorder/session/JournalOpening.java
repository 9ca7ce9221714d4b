package dev.blackbox.recorder.session;

import dev.blackbox.journal.JournalRecord;
import dev.blackbox.journal.SessionJournal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.nio.file.Path;
import java.util.ArrayDeque;

/**
 * Opens session journals off the event loops, many at once: the directory, the lock, the queue and
 * its first cycle file (created by the first append, {@code RECORDING_STARTED}) are file-system work
 * that would stall every session sharing the event loop; a thousand sessions starting together spent
 * most of their start there. Each journal is opened on a thread of its own, which ends before the
 * journal is handed to the recorder's event loop: a Chronicle appender may move to another thread only
 * once the thread that first used it is gone. At most {@value #PARALLEL} opens run at a time.
 */
final class JournalOpening {

    static final int PARALLEL = 16;
    private static final Object LOCK = new Object();
    private static final ArrayDeque<Opening> WAITING = new ArrayDeque<>();
    private static int running;

    private JournalOpening() {
    }

    private record Opening(Context context, Path root, String sessionId, JournalRecord.RecordingStarted started,
                           Promise<SessionJournal> opened) {
    }

    /** Opens the journal and appends {@code started}; completes on {@code context} with the journal. */
    static Future<SessionJournal> open(Context context, Path root, String sessionId, JournalRecord.RecordingStarted started) {
        Opening opening = new Opening(context, root, sessionId, started, Promise.promise());
        synchronized (LOCK) {
            if (running < PARALLEL) {
                running++;
                start(opening);
            } else {
                WAITING.add(opening);
            }
        }
        return opening.opened().future();
    }

    private static void start(Opening opening) {
        Thread t = new Thread(() -> run(opening), "blackbox-journal-open");
        t.setDaemon(true);
        t.start();
    }

    /** On the opening's own thread; handing the result over is the last thing it does. */
    private static void run(Opening o) {
        SessionJournal journal = null;
        Throwable failure = null;
        try {
            journal = SessionJournal.open(o.root(), o.sessionId());
            journal.append(o.started());
        } catch (RuntimeException | InternalError e) {
            failure = e;
            if (journal != null) {
                journal.close();
                journal = null;
            }
        }
        Opening next;
        synchronized (LOCK) {
            next = WAITING.poll();
            if (next == null) {
                running--;
            }
        }
        if (next != null) {
            start(next);
        }
        Thread self = Thread.currentThread();
        SessionJournal result = journal;
        Throwable error = failure;
        o.context().runOnContext(v -> handOver(o, self, result, error));
    }

    /** On the recorder's event loop: once the opening thread has ended (a moment after it posted this), never blocking. */
    private static void handOver(Opening o, Thread opener, SessionJournal journal, Throwable error) {
        if (opener.isAlive()) {
            o.context().owner().setTimer(1, id -> handOver(o, opener, journal, error));
        } else if (error == null) {
            o.opened().complete(journal);
        } else {
            o.opened().fail(error);
        }
    }
}
