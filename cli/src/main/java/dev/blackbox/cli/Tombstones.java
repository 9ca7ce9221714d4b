package dev.blackbox.cli;

import dev.blackbox.audit.AuditLogs;
import dev.blackbox.audit.RetentionLog;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalRecord.SessionPruned;
import dev.blackbox.replay.transcript.Times;

import java.nio.file.Path;
import java.util.Optional;

/** How the commands speak of a pruned session: its tombstone in the retention log, in one line. */
final class Tombstones {

    private Tombstones() {
    }

    /** "pruned 2026-12-01T10:00:00Z by alice@box1: older than 30d (retention.olderThan)". */
    static String describe(AuditLogs.Logged<SessionPruned> t) {
        SessionPruned p = t.record();
        return "pruned " + Times.instant(t.tsMicros()) + " by " + p.prunedBy() + "@" + p.host() + ": " + p.reason();
    }

    /** The usage error for a session without a journal, saying when and by whom it was pruned if it was. */
    static UsageError noJournal(Path root, String session) {
        Optional<AuditLogs.Logged<SessionPruned>> pruned;
        try {
            pruned = RetentionLog.latest(root, session);
        } catch (JournalException | IllegalArgumentException unreadable) {
            pruned = Optional.empty();
        }
        return new UsageError("no journal for session " + session + " under " + root
                + pruned.map(t -> ": it was " + describe(t)).orElse("; 'blackbox sessions' lists the recorded ones"));
    }
}
