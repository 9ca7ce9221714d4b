package dev.blackbox.replay.remote;

import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalException;
import dev.blackbox.replay.play.Entries;
import io.vertx.core.Future;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A journal on another node as {@link Entries}: pages are asked for one at a time (the next one
 * when half of the current one has been read, so reading and the network overlap, but never more
 * than one page is in flight: the reader's pace is the backpressure), and every entry passes a
 * {@link ChainCheck} before it is handed out, so what is shown has been verified from entry 1.
 *
 * <p>Two ways to wait. {@link #blocking} sources wait for the page in flight (a command's thread, a
 * worker): {@code next()} returns null only when the node had nothing more. {@link #polling} sources
 * never wait (an event loop): {@code next()} returns null while a page is on its way. Following a
 * live session, a page asked for right after an empty one waits on the node for up to
 * {@code followWaitMs} (a long poll), so an idle session costs one request per wait, not a busy loop.
 */
public final class RemoteEntries implements Entries {

    private final RemoteJournal journal;
    private final boolean blocking;
    private final int pageEntries;
    private final int pageBytes;
    private final long followWaitMs;
    private final ChainCheck chain;
    private final Deque<JournalEntry> buffer = new ArrayDeque<>();
    private Future<JournalPage> inflight;
    private long nextSeq = 1;
    private long lastSeq;
    private boolean lastPageEmpty;
    private boolean toldCaughtUp;
    private boolean fetchedOnce;
    private Throwable failure;
    private long pages;
    private long entriesRead;
    private boolean closed;

    private RemoteEntries(RemoteJournal journal, boolean blocking, int pageEntries, int pageBytes, long followWaitMs) {
        this.journal = journal;
        this.blocking = blocking;
        this.pageEntries = pageEntries;
        this.pageBytes = pageBytes;
        this.followWaitMs = followWaitMs;
        this.chain = new ChainCheck(journal.sessionId());
    }

    /** For a thread that may wait (never an event loop). */
    public static RemoteEntries blocking(RemoteJournal journal, long followWaitMs) {
        return new RemoteEntries(journal, true, JournalPage.DEFAULT_MAX_ENTRIES, JournalPage.DEFAULT_MAX_BYTES, followWaitMs);
    }

    /** For an event loop: never waits. */
    public static RemoteEntries polling(RemoteJournal journal, long followWaitMs) {
        return new RemoteEntries(journal, false, JournalPage.DEFAULT_MAX_ENTRIES, JournalPage.DEFAULT_MAX_BYTES, followWaitMs);
    }

    /** With another page size (the benchmarks compare them). */
    public static RemoteEntries blocking(RemoteJournal journal, long followWaitMs, int pageEntries, int pageBytes) {
        return new RemoteEntries(journal, true, pageEntries, pageBytes, followWaitMs);
    }

    @Override
    public String sessionId() {
        return journal.sessionId();
    }

    /**
     * The next verified entry, or null (see the class comment). An entry that breaks the chain is not
     * handed out: it ends the source with a {@link JournalException} naming the seq and the problem.
     */
    @Override
    public JournalEntry next() {
        while (true) {
            JournalEntry e;
            synchronized (this) {
                e = buffer.pollFirst();
                if (e != null) {
                    // read ahead while there is more; after an empty page (caught up), ask again only once
                    // what we hold is handed out, or a slow reader would poll the node on every entry
                    if (buffer.size() < pageEntries / 2 && !lastPageEmpty) {
                        request();
                    }
                } else if (failure != null) {
                    throw failure instanceof JournalException j ? j : new JournalException(failure.getMessage(), failure);
                } else if (lastPageEmpty && !toldCaughtUp) {
                    toldCaughtUp = true; // once per empty page; the next call asks again
                    return null;
                } else {
                    request();
                    if (!blocking) {
                        return null;
                    }
                }
            }
            if (e != null) {
                return checked(e);
            }
            await();
        }
    }

    private JournalEntry checked(JournalEntry e) {
        if (!chain.accept(e)) {
            synchronized (this) {
                failure = new JournalException("the journal of session " + journal.sessionId() + " received from host "
                        + journal.host() + " is broken at seq " + chain.firstBadSeq() + ": " + chain.problem());
                buffer.clear();
            }
            throw (JournalException) failure;
        }
        entriesRead++;
        return e;
    }

    /** Asks for the next page unless one is on its way. Called holding the lock. */
    private void request() {
        if (inflight != null || closed) {
            return;
        }
        long wait = lastPageEmpty ? followWaitMs : 0;
        toldCaughtUp = false;
        Future<JournalPage> f = journal.page(nextSeq, pageEntries, pageBytes, wait);
        inflight = f;
        f.onComplete(ar -> {
            synchronized (this) {
                inflight = null;
                fetchedOnce = true;
                if (ar.failed()) {
                    failure = ar.cause();
                } else {
                    JournalPage page = ar.result();
                    pages++;
                    buffer.addAll(page.entries());
                    nextSeq = page.nextSeq();
                    lastSeq = Math.max(lastSeq, page.lastSeq());
                    lastPageEmpty = page.entries().isEmpty();
                }
                notifyAll();
            }
        });
    }

    private void await() {
        synchronized (this) {
            while (inflight != null && !closed) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new JournalException("interrupted while reading session " + journal.sessionId() + " from " + journal.host());
                }
            }
        }
    }

    /** The last seq the node reported; a blocking source asks for the first page to know it. */
    @Override
    public long lastSeq() {
        if (blocking && !fetchedOnce) {
            synchronized (this) {
                request();
            }
            await();
        }
        synchronized (this) {
            return lastSeq;
        }
    }

    /**
     * A no-op: what is shown must be verified from the genesis, so a remote journal is always read from
     * entry 1; the caller's bounds skip the entries before the one it wanted.
     */
    @Override
    public void seek(long fromSeq) {
        // reading from 1 is the only way to verify what is shown
    }

    /** The chain recomputed over every entry handed out so far. */
    public ChainCheck integrity() {
        return chain;
    }

    public synchronized long pages() {
        return pages;
    }

    public synchronized long entriesRead() {
        return entriesRead;
    }

    public RemoteJournal journal() {
        return journal;
    }

    @Override
    public synchronized void close() {
        closed = true;
        buffer.clear();
        notifyAll();
    }
}
