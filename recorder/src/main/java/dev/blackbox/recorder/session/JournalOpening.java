package dev.blackbox.recorder.session;

import dev.blackbox.journal.JournalOptions;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.journal.SessionJournal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Opens session journals off the event loops, many at once: the directory, the lock, the queue and
 * its first cycle file (created by the first append, {@code RECORDING_STARTED}) are file-system work
 * that would stall every session sharing the event loop; a thousand sessions starting together spent
 * most of their start there. Each journal is opened on a thread of its own, which ends before the
 * journal is handed to the recorder's event loop: a Chronicle appender may move to another thread only
 * once the thread that first used it is gone. At most {@value #PARALLEL} opens run at a time, and the
 * first one under a journal root runs alone: the root may not exist yet, and openings that all create
 * its missing levels at once would find them created under their feet.
 */
final class JournalOpening {

    static final int PARALLEL = 16;
    private static final Object LOCK = new Object();
    private static final List<Opening> WAITING = new ArrayList<>();
    private static final Set<Path> READY_ROOTS = new HashSet<>();
    private static final Set<Path> FIRST_UNDER_WAY = new HashSet<>();
    private static int running;

    private JournalOpening() {
    }

    private record Opening(Context context, Path root, String sessionId, JournalOptions options,
                           JournalRecord.RecordingStarted started, Promise<SessionJournal> opened) {
    }

    /** Opens the journal and appends {@code started}; completes on {@code context} with the journal. */
    static Future<SessionJournal> open(Context context, Path root, String sessionId, JournalOptions options,
                                       JournalRecord.RecordingStarted started) {
        Opening opening = new Opening(context, root.toAbsolutePath().normalize(), sessionId, options, started, Promise.promise());
        synchronized (LOCK) {
            WAITING.add(opening);
            startWhatMay();
        }
        return opening.opened().future();
    }

    /** Under LOCK: starts waiting openings, in order, as far as the limits allow. */
    private static void startWhatMay() {
        for (Iterator<Opening> it = WAITING.iterator(); it.hasNext() && running < PARALLEL; ) {
            Opening o = it.next();
            boolean ready = READY_ROOTS.contains(o.root());
            if (!ready && !FIRST_UNDER_WAY.add(o.root())) {
                continue; // the first opening under this root is under way: wait for it
            }
            it.remove();
            running++;
            Thread t = new Thread(() -> run(o), "blackbox-journal-open");
            t.setDaemon(true);
            t.start();
        }
    }

    /** On the opening's own thread; handing the result over is the last thing it does. */
    private static void run(Opening o) {
        SessionJournal journal = null;
        Throwable failure = null;
        try {
            journal = SessionJournal.open(o.root(), o.sessionId(), o.options());
            journal.append(o.started());
        } catch (RuntimeException | InternalError e) {
            failure = e;
            if (journal != null) {
                journal.close();
                journal = null;
            }
        }
        synchronized (LOCK) {
            running--;
            if (FIRST_UNDER_WAY.remove(o.root())) {
                READY_ROOTS.add(o.root()); // failed or not: the others may go now, and say for themselves
            }
            startWhatMay();
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
