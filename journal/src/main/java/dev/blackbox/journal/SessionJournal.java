package dev.blackbox.journal;

import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongSupplier;

/**
 * The write side of one session's journal: the only appender of its Chronicle queue.
 *
 * <p>Single-threaded by contract (Chronicle appenders are): open, append and close it from one
 * thread, such as the event loop of the session's recorder verticle. Reopening an existing journal
 * continues its sequence and hash chain. A lock file keeps a second writer, in this or another
 * process, from interleaving entries.
 */
public final class SessionJournal implements AutoCloseable {

    static final String LOCK_FILE = "writer.lock";

    private final String sessionId;
    private final Path dir;
    private final LongSupplier clockMicros;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final HashChain chain = new HashChain();
    private long lastSeq;
    private long lastTs;
    private byte[] lastHash;
    private int lastCycle = Integer.MIN_VALUE;
    private boolean closed;

    private SessionJournal(String sessionId, Path dir, LongSupplier clockMicros, FileChannel lockChannel, FileLock lock,
                           SingleChronicleQueue queue) {
        this.sessionId = sessionId;
        this.dir = dir;
        this.clockMicros = clockMicros;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.queue = queue;
        JournalEntry last = JournalReader.lastEntry(queue);
        this.lastSeq = last == null ? 0 : last.seq();
        this.lastHash = last == null ? HashChain.genesis(sessionId) : last.hash();
        this.appender = queue.createAppender();
    }

    public static SessionJournal open(Path root, String sessionId) {
        return open(root, sessionId, SystemTimeProvider.CLOCK::currentTimeMicros);
    }

    public static SessionJournal open(Path root, String sessionId, LongSupplier clockMicros) {
        Path dir = JournalFiles.sessionDir(root, sessionId);
        JournalFiles.createPrivateDirectories(dir);
        Path lockPath = dir.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            JournalFiles.makePrivate(lockPath);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = readHolder(lockPath);
                channel.close();
                throw new JournalException("session " + sessionId + " is already being recorded by another writer"
                        + holder + "; stop that recorder first (lock: " + lockPath + ")");
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(
                    (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            SingleChronicleQueue queue = JournalFiles.openQueue(dir);
            SessionJournal journal = new SessionJournal(sessionId, dir, clockMicros, channel, lock, queue);
            JournalFiles.makeAllPrivate(dir);
            return journal;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new JournalException("cannot open journal of session " + sessionId + " in " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (!(e instanceof JournalException)) {
                closeQuietly(channel);
            }
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this very JVM
        }
    }

    private static String readHolder(Path lockPath) {
        try {
            String pid = Files.readString(lockPath, StandardCharsets.US_ASCII).trim();
            return pid.isEmpty() ? "" : " (pid " + pid + ")";
        } catch (IOException e) {
            return "";
        }
    }

    /** Appends one entry and returns its sequence number. The payload is stored as given, byte for byte. */
    public long append(EntryKind kind, byte[] payload) {
        return append(kind, payload, 0, payload.length);
    }

    public long append(EntryKind kind, byte[] payload, int off, int len) {
        if (closed) {
            throw new JournalException("journal of session " + sessionId + " is closed");
        }
        if (len > JournalFiles.MAX_PAYLOAD_BYTES) {
            throw new JournalException("entry of " + len + " bytes exceeds the journal's limit of "
                    + JournalFiles.MAX_PAYLOAD_BYTES + " bytes");
        }
        long seq = lastSeq + 1;
        long ts = clockMicros.getAsLong();
        byte[] hash = chain.next(lastHash, seq, ts, kind, payload, off, len);
        try (DocumentContext dc = appender.writingDocument()) {
            EntryCodec.write(dc.wire().bytes(), seq, ts, kind, payload, off, len, hash);
        }
        lastSeq = seq;
        lastTs = ts;
        lastHash = hash;
        if (appender.cycle() != lastCycle) {
            // a new cycle file was just created (first entry, or the session ran past midnight)
            lastCycle = appender.cycle();
            JournalFiles.makeAllPrivate(dir);
        }
        return seq;
    }

    /** Appends one of the journal's own records, encoded as JSON. */
    public long append(JournalRecord record) {
        return append(record.kind(), JournalRecord.Codec.encode(record));
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

    /** Timestamp (epoch µs) of the entry appended last by this writer, 0 before the first. */
    public long lastTsMicros() {
        return lastTs;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            appender.close();
            queue.close();
        } finally {
            try {
                lock.release();
            } catch (IOException ignored) {
                // the channel close below releases it anyway
            }
            closeQuietly(lockChannel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing useful to do: the lock goes with the process
            }
        }
    }
}
