package dev.blackbox.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;

/**
 * Reads one session's journal in order, from the start or from a sequence number, and keeps
 * returning new entries as a writer (in this or another process) appends them: call
 * {@link #next()} again after it returned null to follow the journal live.
 *
 * <p>Single-threaded, like the Chronicle tailer it wraps: use it from one thread or verticle.
 */
public final class JournalReader implements AutoCloseable {

    private final String sessionId;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;

    private JournalReader(String sessionId, SingleChronicleQueue queue) {
        this.sessionId = sessionId;
        this.queue = queue;
        this.tailer = queue.createTailer();
    }

    /** Opens an existing journal; a session with no journal under the root is a {@link JournalException}. */
    public static JournalReader open(Path root, String sessionId) {
        Path dir = JournalFiles.sessionDir(root, sessionId);
        if (!JournalFiles.hasJournal(dir)) {
            throw new JournalException("no journal for session " + sessionId + " under " + root);
        }
        return new JournalReader(sessionId, JournalFiles.openQueue(dir));
    }

    /** Opens a journal that may not exist yet (following a session before its recorder starts). */
    public static JournalReader openOrWait(Path root, String sessionId) {
        Path dir = JournalFiles.sessionDir(root, sessionId);
        JournalFiles.createPrivateDirectories(dir);
        return new JournalReader(sessionId, JournalFiles.openQueue(dir));
    }

    public String sessionId() {
        return sessionId;
    }

    /** The next entry, or null when the reader has caught up with the writer (for now). Void excerpts are skipped. */
    public JournalEntry next() {
        while (true) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return null;
                }
                if (!EntryCodec.isVoid(dc.wire().bytes())) {
                    return EntryCodec.decode(dc.wire().bytes()).toEntry();
                }
            }
        }
    }

    /** Positions the reader so that the next entry returned has {@code seq >= fromSeq}. */
    public JournalReader seek(long fromSeq) {
        tailer.toStart();
        while (true) {
            long index = tailer.index();
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return this;
                }
                if (!EntryCodec.isVoid(dc.wire().bytes()) && EntryCodec.peekSeq(dc.wire().bytes()) >= fromSeq) {
                    dc.rollbackOnClose();
                    return this;
                }
            }
            if (index == tailer.index()) {
                return this;
            }
        }
    }

    static JournalEntry lastEntry(SingleChronicleQueue queue) {
        try (ExcerptTailer backwards = queue.createTailer()) {
            backwards.direction(TailerDirection.BACKWARD).toEnd();
            return firstNonVoid(backwards);
        }
    }

    static JournalEntry firstEntry(SingleChronicleQueue queue) {
        try (ExcerptTailer forwards = queue.createTailer()) {
            return firstNonVoid(forwards.toStart());
        }
    }

    private static JournalEntry firstNonVoid(ExcerptTailer tailer) {
        while (true) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return null;
                }
                Bytes<?> bytes = dc.wire().bytes();
                if (!EntryCodec.isVoid(bytes)) {
                    return EntryCodec.decode(bytes).toEntry();
                }
            }
        }
    }

    /** The last entry of the journal, or null when it is empty. */
    public JournalEntry lastEntry() {
        return lastEntry(queue);
    }

    @Override
    public void close() {
        tailer.close();
        queue.close();
    }
}
