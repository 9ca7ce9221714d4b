package dev.blackbox.replay.play;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;

import java.nio.file.Path;

/**
 * The entries of one session between two bounds, in order, one at a time (never the whole session in
 * memory). With {@code follow} it keeps waiting for new entries, like {@code tail -f}, until it has
 * read everything and the last entry is {@code RECORDING_STOPPED} (a recording stopped and resumed
 * in the middle does not end it), the upper bound is passed, or the thread is interrupted.
 */
public final class EntrySource implements AutoCloseable {

    /** How a follower waits for the writer: polls, backing off from 1 ms to 50 ms while nothing comes. */
    public interface Waiter {
        void idle(int emptyPolls) throws InterruptedException;

        Waiter BACKOFF = n -> Thread.sleep(Math.min(50, 1L << Math.min(n, 6)));
    }

    private final Entries reader;
    private final Bound from;
    private final Bound to;
    private final boolean follow;
    private final Waiter waiter;
    private final long firstTs;
    private final long lastSeqAtOpen;
    private JournalEntry peeked;
    private boolean started;
    private boolean done;
    private boolean lastWasStop;

    private EntrySource(Entries reader, Bound from, Bound to, boolean follow, Waiter waiter) {
        this.reader = reader;
        this.from = from;
        this.to = to;
        this.follow = follow;
        this.waiter = waiter;
        JournalEntry first = reader.next();
        this.firstTs = first == null ? 0 : first.tsMicros();
        this.lastSeqAtOpen = reader.lastSeq();
        if (first != null && from instanceof Bound.Seq s && s.seq() > first.seq()) {
            reader.seek(s.seq()); // the first entry only told the start time
        } else {
            peeked = first; // read once, returned first
        }
    }

    /** Opens an existing session's journal; {@code from}/{@code to} may be null (no bound). */
    public static EntrySource open(Path root, String sessionId, Bound from, Bound to, boolean follow, Waiter waiter) {
        return over(Entries.of(JournalReader.open(root, sessionId)), from, to, follow, waiter);
    }

    /** The entries of any source (a journal on another node, for instance) between the bounds. */
    public static EntrySource over(Entries entries, Bound from, Bound to, boolean follow, Waiter waiter) {
        return new EntrySource(entries, from, to, follow, waiter);
    }

    public String sessionId() {
        return reader.sessionId();
    }

    /** Timestamp of the session's first entry (0 when the journal is still empty). */
    public long firstTsMicros() {
        return firstTs;
    }

    /** The last seq when the source was opened: the size of the job, for progress. */
    public long lastSeqAtOpen() {
        return lastSeqAtOpen;
    }

    /** The next entry in range, or null when there are no more (when following: once the recording stopped). */
    public JournalEntry next() throws InterruptedException {
        int empty = 0;
        while (!done) {
            JournalEntry e = peeked != null ? peeked : reader.next();
            peeked = null;
            if (e == null) {
                if (!follow || lastWasStop) {
                    // following ends where the recording stopped (a stop in the middle, followed by a
                    // restarted recording, does not end it)
                    done = true;
                    return null;
                }
                waiter.idle(empty++);
                continue;
            }
            empty = 0;
            long first = firstTs == 0 ? e.tsMicros() : firstTs;
            if (!started) {
                if (from != null && !from.reached(e.seq(), e.tsMicros(), first)) {
                    continue;
                }
                started = true;
            }
            if (to != null && to.passed(e.seq(), e.tsMicros(), first)) {
                done = true;
                return null;
            }
            // the journal's seal (a CHECKPOINT) follows RECORDING_STOPPED: still stopped
            lastWasStop = e.kind() == EntryKind.RECORDING_STOPPED || (lastWasStop && e.kind() == EntryKind.CHECKPOINT);
            return e;
        }
        return null;
    }

    @Override
    public void close() {
        reader.close();
    }
}
