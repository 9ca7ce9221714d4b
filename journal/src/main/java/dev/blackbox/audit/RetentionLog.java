package dev.blackbox.audit;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalOptions;
import dev.blackbox.journal.JournalRecord.SessionPruned;
import dev.blackbox.journal.JournalVerifier;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The retention log: one {@code SESSION_PRUNED} tombstone per pruned journal, written before the journal is deleted. */
public final class RetentionLog {

    private RetentionLog() {
    }

    /** Journals a tombstone; throws {@link dev.blackbox.journal.JournalException} when it cannot (then nothing may be deleted). */
    static long write(Path journalRoot, JournalOptions options, SessionPruned tombstone) {
        return AuditLogs.append(journalRoot, AuditLogs.RETENTION, options, tombstone);
    }

    /** Every tombstone, oldest first (empty when nothing was ever pruned). */
    public static List<AuditLogs.Logged<SessionPruned>> tombstones(Path journalRoot) {
        return AuditLogs.read(journalRoot, AuditLogs.RETENTION, EntryKind.SESSION_PRUNED, SessionPruned.class, t -> true);
    }

    /** The latest tombstone of a session, if it was ever pruned. */
    public static Optional<AuditLogs.Logged<SessionPruned>> latest(Path journalRoot, String sessionId) {
        List<AuditLogs.Logged<SessionPruned>> all = AuditLogs.read(journalRoot, AuditLogs.RETENTION, EntryKind.SESSION_PRUNED,
                SessionPruned.class, t -> sessionId.equals(t.sessionId()));
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The log's own verdict, or null when nothing was ever pruned. */
    public static JournalVerifier.Result verify(Path journalRoot) {
        return AuditLogs.verify(journalRoot, AuditLogs.RETENTION);
    }
}
