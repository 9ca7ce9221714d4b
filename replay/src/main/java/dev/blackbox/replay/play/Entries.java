package dev.blackbox.replay.play;

import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;

/**
 * One session's entries in order, polled like a tailer, from wherever the journal is: this host's
 * disk ({@link #of(JournalReader)}) or another node of the cluster ({@code replay.remote.RemoteEntries}).
 * Readers (transcripts, state, the console) take this and do not care which.
 */
public interface Entries extends AutoCloseable {

    String sessionId();

    /** The next entry, or null when there is none right now (call again to follow a live journal). */
    JournalEntry next();

    /** The journal's last seq at this moment, 0 when it is empty. */
    long lastSeq();

    /** Positions the source so that the next entry has {@code seq >= fromSeq} (a source may read up to it instead). */
    void seek(long fromSeq);

    @Override
    void close();

    /** A local journal's tailer. */
    static Entries of(JournalReader reader) {
        return new Entries() {
            @Override
            public String sessionId() {
                return reader.sessionId();
            }

            @Override
            public JournalEntry next() {
                return reader.next();
            }

            @Override
            public long lastSeq() {
                JournalEntry last = reader.lastEntry();
                return last == null ? 0 : last.seq();
            }

            @Override
            public void seek(long fromSeq) {
                reader.seek(fromSeq);
            }

            @Override
            public void close() {
                reader.close();
            }
        };
    }
}
