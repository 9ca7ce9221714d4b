package dev.blackbox.journal;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * The write side of one session's journal: the only appender of its Chronicle queue.
 *
 * <p>Single-threaded by contract (Chronicle appenders are): open, append and close it from one
 * thread, such as the event loop of the session's recorder verticle. A lock file keeps a second
 * writer, in this or another process, from interleaving entries.
 *
 * <p>Reopening continues the sequence and the hash chain. A journal that was not sealed (its writer
 * crashed) first gets a RECORDING_RESUMED entry saying what was found and which torn bytes were
 * discarded. {@link #close()} seals the journal with a final CHECKPOINT.
 *
 * <p>Failure is final: when an append fails (the reserve of free space is reached, a fault in a mapped
 * page, an I/O error) the entry is not written, the {@link JournalException} says why in one line, and
 * every later append throws it again at once. Nothing is written after a failure.
 */
public final class SessionJournal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionJournal.class);
    static final String LOCK_FILE = WriterLock.FILE;

    private final String sessionId;
    private final Path dir;
    private final JournalOptions options;
    private final LongSupplier clockMicros;
    private final WriterLock lock;
    private final SpaceGuard space;
    private final SigningKeys.Pair signer;
    private final HashChain chain = new HashChain();
    private final long checkpointIntervalMicros;
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private Witness witness;
    /** What Chronicle's clock says: the time of the entry being written, so the entry lands in its day's cycle. */
    private volatile long chronicleMicros;
    private long lastSeq;
    private long lastTs;
    private byte[] lastHash;
    private String run;
    private boolean sealedAtEnd;
    private long sinceCheckpoint;
    private long lastCheckpointTs;
    private int lastCycle = Integer.MIN_VALUE;
    private JournalException failure;
    private boolean closed;

    private SessionJournal(String sessionId, Path dir, JournalOptions options, WriterLock lock, SpaceGuard space,
                           SigningKeys.Pair signer) {
        this.sessionId = sessionId;
        this.dir = dir;
        this.options = options;
        this.clockMicros = options.clockMicros();
        this.lock = lock;
        this.space = space;
        this.signer = signer;
        this.checkpointIntervalMicros = options.checkpointInterval().toNanos() / 1000;
    }

    public static SessionJournal open(Path root, String sessionId) {
        return open(root, sessionId, JournalOptions.defaults());
    }

    public static SessionJournal open(Path root, String sessionId, LongSupplier clockMicros) {
        return open(root, sessionId, JournalOptions.defaults().withClock(clockMicros));
    }

    /**
     * Opens (creating) the journal of a session for writing. Refused, before anything is created, when
     * the file system lacks the reserve of free space, the signing key cannot be read, or another
     * writer holds the journal.
     */
    public static SessionJournal open(Path root, String sessionId, JournalOptions options) {
        Path dir = JournalFiles.sessionDir(root, sessionId);
        SpaceGuard space = SpaceGuard.require(dir, options.minFreeBytes(), options.clockMicros().getAsLong());
        SigningKeys.Pair signer = options.signingKey() == null ? null : SigningKeys.readPrivate(options.signingKey());
        JournalFiles.createJournalDirectory(dir);
        WriterLock lock = WriterLock.acquire(dir, sessionId);
        SessionJournal journal = new SessionJournal(sessionId, dir, options, lock, space, signer);
        try {
            journal.start(root);
            return journal;
        } catch (RuntimeException | Error e) {
            journal.releaseAll();
            throw e;
        }
    }

    private void start(Path root) {
        TailRepair.Outcome repair = TailRepair.repair(dir, sessionId);
        chronicleMicros = clockMicros.getAsLong();
        queue = JournalFiles.openQueue(dir, new JournalClock(), options.durability());
        JournalEntry last = JournalReader.lastEntry(queue);
        if (last != null) {
            lastSeq = last.seq();
            lastTs = last.tsMicros();
            lastHash = last.hash();
            JournalEntry first = JournalReader.firstEntry(queue);
            run = first == null ? null : HashChain.hex(first.hash());
            sealedAtEnd = isSeal(last);
        } else {
            lastHash = HashChain.genesis(sessionId);
        }
        appender = queue.createAppender();
        JournalFiles.makeAllPrivate(dir);
        if (options.witness() != null) {
            witness = Witness.open(options.witness(), root);
        }
        lastCheckpointTs = now();
        if (last != null && (repair.torn() || !sealedAtEnd)) {
            long lastGood = lastSeq;
            append(new JournalRecord.RecordingResumed(lastSeq, repair.torn() ? "torn tail" : "unsealed",
                    repair.torn() ? repair.bytes() : null, repair.file(), repair.torn() ? repair.offset() : null,
                    repair.sha256(), repair.voided() ? Boolean.TRUE : null));
            log.warn("session {}: the journal was not sealed ({}); resumed after seq {}{}", sessionId,
                    repair.torn() ? "torn tail" : "unsealed", lastGood,
                    repair.torn() ? ", " + repair.bytes() + " torn bytes discarded at offset " + repair.offset() + " of " + repair.file() : "");
        }
    }

    private static boolean isSeal(JournalEntry e) {
        if (e.kind() != EntryKind.CHECKPOINT) {
            return false;
        }
        try {
            return JournalRecord.Codec.decode(e.payload(), JournalRecord.Checkpoint.class).seal();
        } catch (JournalException bad) {
            return false;
        }
    }

    /** Appends one entry and returns its sequence number. The payload is stored as given, byte for byte. */
    public long append(EntryKind kind, byte[] payload) {
        return append(kind, payload, 0, payload.length);
    }

    public long append(EntryKind kind, byte[] payload, int off, int len) {
        requireWritable();
        if (len > JournalFiles.MAX_PAYLOAD_BYTES) {
            throw new JournalException("entry of " + len + " bytes exceeds the journal's limit of "
                    + JournalFiles.MAX_PAYLOAD_BYTES + " bytes");
        }
        try {
            long ts = now();
            if (checkpointDue(ts)) {
                checkpoint(false, ts);
            }
            long seq = write(kind, payload, off, len, ts);
            sinceCheckpoint++;
            return seq;
        } catch (InternalError e) {
            // a fault in a mapped page can surface a little after the access that caused it
            throw fail(e);
        }
    }

    /** Appends one of the journal's own records, encoded as JSON. */
    public long append(JournalRecord record) {
        return append(record.kind(), JournalRecord.Codec.encode(record));
    }

    /**
     * Writes a checkpoint when one is due by time ({@code journal.checkpointInterval}) and entries came in
     * since the last: for a timer of the writer's thread. Appends check the same on their own.
     *
     * @return true when a checkpoint was written
     */
    public boolean checkpointIfDue() {
        requireWritable();
        long ts = now();
        if (!checkpointDue(ts)) {
            return false;
        }
        try {
            checkpoint(false, ts);
        } catch (InternalError e) {
            throw fail(e);
        }
        return true;
    }

    /**
     * Seals the journal: a final CHECKPOINT for the last entry (normally RECORDING_STOPPED). Idempotent;
     * a journal that failed or holds no entry is not sealed. {@link #close()} calls it.
     */
    public void seal() {
        requireWritable();
        if (lastSeq == 0 || sealedAtEnd) {
            return;
        }
        try {
            checkpoint(true, now());
        } catch (InternalError e) {
            throw fail(e);
        }
    }

    /** True when Chronicle records the whole journal, up to its last entry, as synced to the disk (tests). */
    boolean syncedThroughLastEntry() {
        return queue.lastIndexMSynced() >= 0 && queue.lastIndexMSynced() == appender.lastIndexAppended();
    }

    private boolean checkpointDue(long ts) {
        return options.periodicCheckpoints() && sinceCheckpoint > 0
                && (sinceCheckpoint >= options.checkpointEvery() || ts - lastCheckpointTs >= checkpointIntervalMicros);
    }

    private void checkpoint(boolean seal, long ts) {
        JournalRecord.Checkpoint cp = new JournalRecord.Checkpoint(sessionId, run, lastSeq, HashChain.hex(lastHash), ts, null, null, seal);
        if (signer != null) {
            cp = SigningKeys.sign(signer, cp);
        }
        byte[] payload = JournalRecord.Codec.encode(cp);
        write(EntryKind.CHECKPOINT, payload, 0, payload.length, ts);
        sinceCheckpoint = 0;
        lastCheckpointTs = ts;
        sealedAtEnd = seal;
        boolean durable = options.durability() == JournalOptions.Durability.CHECKPOINT;
        if (durable) {
            // on the disk before anyone outside is told of it: a witness must never hold a checkpoint the journal can lose
            try {
                appender.sync();
            } catch (RuntimeException | InternalError e) {
                throw fail(new JournalException("cannot sync the journal to the disk: " + e.getMessage(), e));
            }
        }
        if (witness != null) {
            try {
                witness.append(payload, durable);
            } catch (JournalException e) {
                throw fail(e);
            }
        }
        try {
            options.onCheckpoint().accept(cp);
        } catch (RuntimeException e) {
            log.warn("session {}: a checkpoint listener failed: {}", sessionId, e.toString());
        }
    }

    /** One entry, after the free-space check; any failure inside is final. */
    private long write(EntryKind kind, byte[] payload, int off, int len, long ts) {
        try {
            space.reserve(len + EntryCodec.OVERHEAD_BYTES + 4L, ts);
        } catch (JournalException e) {
            throw fail(e);
        }
        long seq = lastSeq + 1;
        byte[] hash = chain.next(lastHash, seq, ts, kind, payload, off, len);
        chronicleMicros = ts;
        DocumentContext dc = null;
        try {
            dc = appender.writingDocument();
            EntryCodec.write(dc.wire().bytes(), seq, ts, kind, payload, off, len, hash);
            DocumentContext done = dc;
            dc = null;
            done.close();
        } catch (Throwable t) {
            rollBack(dc);
            throw fail(t);
        }
        lastSeq = seq;
        lastTs = ts;
        lastHash = hash;
        sealedAtEnd = false;
        if (seq == 1) {
            run = HashChain.hex(hash);
        }
        if (appender.cycle() != lastCycle) {
            // a new cycle file was just created (first entry, or the session ran past midnight)
            lastCycle = appender.cycle();
            try {
                JournalFiles.makeAllPrivate(dir);
            } catch (JournalException e) {
                log.warn("session {}: {}", sessionId, e.getMessage());
            }
        }
        return seq;
    }

    /** Undoes a half-written entry: Chronicle zeroes its bytes and leaves the header word clear. */
    private static void rollBack(DocumentContext dc) {
        if (dc == null) {
            return;
        }
        try {
            dc.rollbackOnClose();
            dc.close();
        } catch (Throwable ignored) {
            // the journal is failing already; a torn write is what verify and the next writer handle
        }
    }

    private JournalException fail(Throwable cause) {
        if (failure == null) {
            failure = describe(cause);
            log.debug("session {}: journal failed", sessionId, cause);
        }
        return failure;
    }

    private JournalException describe(Throwable cause) {
        if (cause instanceof JournalException j && !(j instanceof EntryCodec.UnreadableEntryException)) {
            return j;
        }
        if (space.nearlyFull()) {
            JournalFullException full = space.fullNow();
            full.initCause(cause);
            return full;
        }
        String what = cause instanceof InternalError
                ? "a fault in a memory-mapped page of the journal (" + firstLine(cause.getMessage()) + ")"
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage()));
        return new JournalException("journal write failed on " + dir + ": " + what, cause);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    private void requireWritable() {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new JournalException("journal of session " + sessionId + " is closed");
        }
    }

    /** Entries are stamped with non-decreasing times, so they sort by time and by cycle file alike. */
    private long now() {
        return Math.max(clockMicros.getAsLong(), lastTs);
    }

    public String sessionId() {
        return sessionId;
    }

    public Path directory() {
        return dir;
    }

    public long lastSeq() {
        return lastSeq;
    }

    /** Timestamp (epoch µs) of the entry appended last, 0 before the first. */
    public long lastTsMicros() {
        return lastTs;
    }

    public boolean isClosed() {
        return closed;
    }

    /** True when an append failed: the journal takes no more entries ({@link #failure()} says why). */
    public boolean isFailed() {
        return failure != null;
    }

    /** Why the journal failed, or null. */
    public JournalException failure() {
        return failure;
    }

    /**
     * Seals the journal (unless it failed) and releases it. Never throws: a seal that cannot be written
     * leaves the journal unsealed, which {@code verify} reports, and is logged.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (failure == null) {
            try {
                seal();
            } catch (JournalException e) {
                log.warn("session {}: the journal could not be sealed: {}", sessionId, e.getMessage());
            }
        }
        closed = true;
        releaseAll();
    }

    private void releaseAll() {
        closed = true;
        try {
            if (appender != null) {
                appender.close();
            }
            if (queue != null) {
                queue.close();
            }
        } catch (RuntimeException | Error e) {
            log.debug("session {}: closing the queue failed", sessionId, e);
        } finally {
            if (witness != null) {
                witness.close();
            }
            lock.close();
        }
    }

    /** Chronicle's clock for the writer's queue: the time of the entry being written. */
    private final class JournalClock implements TimeProvider {
        @Override
        public long currentTimeMillis() {
            return chronicleMicros / 1000;
        }

        @Override
        public long currentTimeMicros() {
            return chronicleMicros;
        }

        @Override
        public long currentTimeNanos() {
            return chronicleMicros * 1000;
        }
    }
}
