package dev.blackbox.replay.transcript;

import dev.blackbox.journal.JournalEntry;

import java.io.IOException;

/**
 * A transcript being written, one entry at a time: it never holds the session, only what the current
 * entry needs. {@link #begin}, then {@link #entry} for each entry in order, then {@link #end}.
 */
public interface Transcript {

    /** What every format needs before the first entry: the session and the time offsets are measured from. */
    record Header(String sessionId, long firstTsMicros) {
    }

    void begin(Header header) throws IOException;

    void entry(JournalEntry e) throws IOException;

    /** Writes what the format needs at the end (closing tags, a timeline) and flushes. */
    void end() throws IOException;

    /** Makes what was written so far visible (timed playback and --follow flush after every entry). */
    void flush() throws IOException;
}
