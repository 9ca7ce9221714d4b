package dev.blackbox.recorder.session;

import dev.blackbox.frame.RecentIds;
import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalReader;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * After a connection opens on a session that was already being recorded (a reconnect, or a recorder
 * restarted on an existing journal), asks the session's history for the events after the last one
 * journaled and journals those the connection never delivered as {@code FRAME_BACKFILLED}, the
 * history's bytes verbatim. It never journals a frame twice: the identity of a frame
 * ({@link FrameIdentity}: its uuid; else its type and request id; else its exact bytes) is checked
 * against what the journal already holds.
 *
 * <p>Where the gap ends: at the first frame the new connection delivered that the journal did not
 * have before (the horizon); everything after it in the history arrives live. The backfill waits up
 * to {@code settleMs} for that frame; an idle session has none, and then the history is read to its
 * end. Where it starts: after the newest journaled event with a uuid (the {@code after_id} cursor);
 * when the history does not know that id, or no journaled frame has one, it walks back from the
 * newest page until it meets a frame the journal has, and starts after the newest such frame. A
 * journal that holds no frame at all is not backfilled (there is nowhere to start).
 *
 * <p>The journal is read by a reader of its own, on one worker thread of this backfill (the tailer
 * never changes threads), incrementally; appends go through the {@link JournalFirstWriter} on the
 * recorder's event loop. Runs never overlap: a connection that opens during a run gets a run after it.
 */
final class Backfill {

    private static final Logger log = LoggerFactory.getLogger(Backfill.class);

    static final int WINDOW = 1 << 14;
    static final int PAGE = 100;
    static final int MAX_PAGES = 10_000;
    static final int MAX_BACK_PAGES = 50;
    static final long POLL_MS = 100;

    /** What the journal says, as far as it has been scanned. Only touched on the scan thread. */
    private static final class Scan {
        final RecentIds known = new RecentIds(WINDOW);
        final FrameIdentity identity = new FrameIdentity();
        JournalReader reader;
        long scannedUpTo;
        boolean anyFrame;
        String newestUuid;
        long latestConnected;
        boolean framesBeforeConnected;
        String anchor;
        long horizon;
    }

    /** What one scan found about the latest connection. */
    private record Gap(long connectedSeq, boolean framesBefore, String anchor, boolean horizonSeen) {
        boolean connected() {
            return connectedSeq > 0;
        }
    }

    private final Vertx vertx;
    private final String sessionId;
    private final Path root;
    private final HistorySource history;
    private final JournalFirstWriter journal;
    private final long settleMs;
    private final Routed routed;
    private final WorkerExecutor scanThread;
    private final Scan scan = new Scan();
    private boolean running;
    private long filledConnection;
    private boolean again;
    private boolean stopped;
    private long backfilled;
    private long runs;

    /** Hears each frame backfilled, after it is journaled (so permission requests the socket missed become answerable). */
    interface Routed {
        void backfilled(byte[] frame, long seq);
    }

    Backfill(Vertx vertx, String sessionId, Path root, HistorySource history, JournalFirstWriter journal, long settleMs,
             Routed routed) {
        this.vertx = vertx;
        this.sessionId = sessionId;
        this.root = root;
        this.history = history;
        this.journal = journal;
        this.settleMs = settleMs;
        this.routed = routed;
        this.scanThread = vertx.createSharedWorkerExecutor("blackbox-backfill-" + sessionId, 1);
    }

    /** A connection opened (its CONNECTED entry is journaled): backfill what it missed. On the recorder's event loop. */
    void connected() {
        if (stopped) {
            return;
        }
        if (running) {
            again = true;
            return;
        }
        running = true;
        long started = System.currentTimeMillis();
        settle(started).compose(this::fill).onComplete(ar -> {
            running = false;
            runs++;
            if (ar.failed() && !stopped) {
                log.warn("session {}: backfill stopped: {}", sessionId, ar.cause().getMessage());
            } else if (ar.succeeded() && ar.result() > 0) {
                log.info("session {}: {} frames backfilled from the history", sessionId, ar.result());
            }
            if (again && !stopped) {
                again = false;
                connected();
            }
        });
    }

    /** Scans until the new connection delivered a fresh frame, or {@code settleMs} passed. */
    private Future<Gap> settle(long started) {
        return scanThread.executeBlocking(this::scanTail).compose(gap -> {
            if (gap.horizonSeen() || !gap.connected() || System.currentTimeMillis() - started >= settleMs || stopped) {
                return Future.succeededFuture(gap);
            }
            Promise<Gap> later = Promise.promise();
            vertx.setTimer(POLL_MS, t -> settle(started).onComplete(later));
            return later.future();
        });
    }

    /** Pages the history from where the journal ends; the number of frames backfilled. */
    private Future<Long> fill(Gap gap) {
        if (!gap.connected() || !gap.framesBefore() || gap.connectedSeq() == filledConnection || stopped) {
            return Future.succeededFuture(0L); // nothing before it, or that connection was backfilled already
        }
        filledConnection = gap.connectedSeq();
        Future<HistorySource.Page> first = gap.anchor() == null ? Future.failedFuture(new HistorySource.UnknownCursor("no uuid"))
                : history.after(gap.anchor(), PAGE);
        return first.recover(e -> e instanceof HistorySource.UnknownCursor ? walkBack() : Future.failedFuture(e))
                .compose(page -> forward(page, 0, 0L));
    }

    /**
     * Appends what a page has that the journal lacks, then asks for the next page unless the gap has closed.
     * Each page is a step of its own (no chain of futures that grows with the gap).
     */
    private Future<Long> forward(HistorySource.Page first, int pages, long sofar) {
        Promise<Long> done = Promise.promise();
        step(first, pages, sofar, done);
        return done.future();
    }

    private void step(HistorySource.Page page, int pages, long sofar, Promise<Long> done) {
        scanThread.executeBlocking(() -> missing(page.events())).onComplete(ar -> {
            if (ar.failed()) {
                done.fail(ar.cause());
                return;
            }
            long added = sofar;
            for (byte[] frame : ar.result().frames()) {
                long seq = stopped ? -1 : journal.backfilled(frame);
                if (seq < 0) {
                    done.complete(added);
                    return;
                }
                added++;
                backfilled++;
                routed.backfilled(frame, seq);
            }
            if (ar.result().horizonReached() || !page.hasMore() || page.lastId() == null || pages + 1 >= MAX_PAGES || stopped) {
                done.complete(added);
                return;
            }
            long total = added;
            history.after(page.lastId(), PAGE).onComplete(next -> {
                if (next.succeeded()) {
                    step(next.result(), pages + 1, total, done);
                } else {
                    done.fail(next.cause());
                }
            });
        });
    }

    /**
     * When the history does not know our newest uuid (or no journaled frame has one): pages back from the
     * newest events until the pages hold a frame the journal has before the horizon; the events between
     * the newest such frame and the horizon are the gap (as one page to go forward from).
     */
    private Future<HistorySource.Page> walkBack() {
        Promise<HistorySource.Page> done = Promise.promise();
        walkBack(null, 0, new ArrayList<>(), done);
        return done.future();
    }

    /** @param newer the pages read so far, oldest event first */
    private void walkBack(String before, int pages, List<byte[]> newer, Promise<HistorySource.Page> done) {
        history.before(before, PAGE).onComplete(ar -> {
            if (ar.failed()) {
                done.fail(ar.cause());
                return;
            }
            HistorySource.Page page = ar.result();
            List<byte[]> all = new ArrayList<>(page.events());
            all.addAll(newer);
            scanThread.executeBlocking(() -> gapIn(all)).onComplete(gap -> {
                if (gap.failed()) {
                    done.fail(gap.cause());
                } else if (gap.result() != null) {
                    done.complete(new HistorySource.Page(gap.result(), false, null, null));
                } else if (!page.hasMore() || page.firstId() == null || pages + 1 >= MAX_BACK_PAGES) {
                    log.warn("session {}: the history's newest {} pages hold none of the journaled frames; backfilling nothing",
                            sessionId, pages + 1);
                    done.complete(new HistorySource.Page(List.of(), false, null, null));
                } else {
                    walkBack(page.firstId(), pages + 1, all, done);
                }
            });
        });
    }

    // ---- on the scan thread ----

    private record Missing(List<byte[]> frames, boolean horizonReached) {
    }

    /** The events of a page the journal lacks, in order, up to (not including) the horizon. Marks them known. */
    private Missing missing(List<byte[]> events) {
        scanTail(); // frames received since the last look are known too
        List<byte[]> frames = new ArrayList<>();
        for (byte[] event : events) {
            long id = scan.identity.of(event);
            if (scan.horizon != 0 && id == scan.horizon) {
                return new Missing(frames, true);
            }
            if (!scan.known.seen(id)) {
                frames.add(event);
            }
        }
        return new Missing(frames, false);
    }

    /**
     * The events after the newest one the journal holds, up to the horizon (the first fresh frame of the new
     * connection), or null when none of the events before the horizon is in the journal.
     */
    private List<byte[]> gapIn(List<byte[]> events) {
        scanTail();
        int horizon = events.size();
        for (int i = 0; i < events.size(); i++) {
            if (scan.horizon != 0 && scan.identity.of(events.get(i)) == scan.horizon) {
                horizon = i;
                break;
            }
        }
        for (int i = horizon - 1; i >= 0; i--) {
            if (scan.known.contains(scan.identity.of(events.get(i)))) {
                return new ArrayList<>(events.subList(i + 1, horizon));
            }
        }
        return null;
    }

    /** Reads the journal from where the last scan stopped. */
    private Gap scanTail() {
        try {
            if (scan.reader == null) {
                scan.reader = JournalReader.open(root, sessionId);
                if (scan.scannedUpTo > 0) {
                    scan.reader.seek(scan.scannedUpTo + 1);
                }
            }
            for (JournalEntry e = scan.reader.next(); e != null; e = scan.reader.next()) {
                scan.scannedUpTo = e.seq();
                if (e.kind() == EntryKind.CONNECTED) {
                    scan.latestConnected = e.seq();
                    scan.framesBeforeConnected = scan.anyFrame;
                    scan.anchor = scan.newestUuid;
                    scan.horizon = 0;
                } else if (e.kind() == EntryKind.FRAME_RECEIVED || e.kind() == EntryKind.FRAME_BACKFILLED) {
                    long id = scan.identity.of(e.payload());
                    boolean before = scan.known.seen(id);
                    if (!before && scan.latestConnected > 0 && scan.horizon == 0 && e.kind() == EntryKind.FRAME_RECEIVED) {
                        scan.horizon = id; // the first frame of the new connection the journal did not have
                    }
                    scan.anyFrame = true;
                    if (scan.identity.uuid() != null) {
                        scan.newestUuid = scan.identity.uuid();
                    }
                }
            }
        } catch (JournalException e) {
            log.debug("session {}: backfill scan: {}", sessionId, e.getMessage());
        }
        return new Gap(scan.latestConnected, scan.framesBeforeConnected, scan.anchor, scan.horizon != 0);
    }

    long backfilled() {
        return backfilled;
    }

    long runs() {
        return runs;
    }

    Future<Void> stop() {
        stopped = true;
        return scanThread.executeBlocking(() -> {
            if (scan.reader != null) {
                scan.reader.close();
                scan.reader = null;
            }
            return null;
        }).onComplete(v -> scanThread.close()).mapEmpty();
    }
}
