package dev.blackbox.recorder.session;

import dev.blackbox.journal.JournalOptions;
import dev.blackbox.journal.SessionIds;

import java.nio.file.Path;

/**
 * Everything one recorded session needs: its id, where its journal lives and how it writes (reserve,
 * signing key, checkpoints, witness), whether it may send anything at all, an optional first prompt,
 * and how to reach it ({@link TransportSpec}: the remote sessions service, or a local worker).
 */
public record SessionSettings(String sessionId, Path journalRoot, boolean viewerOnly, String initialPrompt,
                              TransportSpec transport, long backfillSettleMs, JournalOptions journalOptions) {

    /** How long a backfill waits for the first fresh frame of a new connection before reading the history to its end. */
    public static final long DEFAULT_BACKFILL_SETTLE_MS = 2_000;

    public SessionSettings {
        SessionIds.requireValid(sessionId);
        if (transport == null) {
            throw new IllegalArgumentException("session " + sessionId + ": no transport");
        }
        journalOptions = journalOptions == null ? JournalOptions.defaults() : journalOptions;
    }

    public SessionSettings(String sessionId, Path journalRoot, boolean viewerOnly, String initialPrompt, TransportSpec transport) {
        this(sessionId, journalRoot, viewerOnly, initialPrompt, transport, DEFAULT_BACKFILL_SETTLE_MS, JournalOptions.defaults());
    }

    public SessionSettings withBackfillSettleMs(long ms) {
        return new SessionSettings(sessionId, journalRoot, viewerOnly, initialPrompt, transport, ms, journalOptions);
    }

    public SessionSettings withJournalOptions(JournalOptions options) {
        return new SessionSettings(sessionId, journalRoot, viewerOnly, initialPrompt, transport, backfillSettleMs, options);
    }
}
