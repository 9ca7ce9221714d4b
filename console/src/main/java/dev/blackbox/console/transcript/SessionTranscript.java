package dev.blackbox.console.transcript;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalRecord;
import dev.blackbox.replay.transcript.Interpreter;
import dev.blackbox.replay.transcript.Item;
import dev.blackbox.replay.transcript.TranscriptOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * One session's transcript as {@code blackbox replay} tells it: the replay module's
 * {@link Interpreter} with the same gap rule, fed in journal order, plus the two facts the page
 * needs to offer its controls (viewer-only, stopped). Not thread-safe: one per reader.
 */
final class SessionTranscript {

    private final Interpreter interpreter = new Interpreter(TranscriptOptions.DEFAULT_GAP_MICROS);
    private boolean viewerOnly;
    private boolean stopped;
    private long firstTs;
    private long lastSeq;

    /** The items of one entry (often none: protocol noise is not part of the story). */
    List<Item> render(JournalEntry e) {
        if (firstTs == 0) {
            firstTs = e.tsMicros();
        }
        lastSeq = e.seq();
        if (e.kind() == EntryKind.RECORDING_STARTED) {
            try {
                viewerOnly = JournalRecord.Codec.decode(e.payload(), JournalRecord.RecordingStarted.class).viewerOnly();
            } catch (RuntimeException unreadable) {
                // the interpreter reports an unreadable record itself
            }
        } else if (e.kind() == EntryKind.RECORDING_STOPPED) {
            stopped = true;
        }
        List<Item> items = new ArrayList<>(2);
        interpreter.interpret(e, items::add);
        return items;
    }

    boolean viewerOnly() {
        return viewerOnly;
    }

    boolean stopped() {
        return stopped;
    }

    long firstTs() {
        return firstTs;
    }

    long lastSeq() {
        return lastSeq;
    }
}
