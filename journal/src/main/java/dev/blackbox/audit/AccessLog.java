package dev.blackbox.audit;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalOptions;
import dev.blackbox.journal.JournalRecord.SessionRead;
import dev.blackbox.journal.JournalVerifier;

import java.nio.file.Path;
import java.util.List;

/**
 * The access log: one {@code SESSION_READ} per replay, export or console view of a session. Recording a
 * read never stops the read: {@link #record} says why it could not be written instead of throwing, and the
 * reader tells its user (a read-only journal root, a full disk, the log held too long by another process).
 */
public final class AccessLog {

    private AccessLog() {
    }

    /** Journals a read; returns null when it was written, else why not (one line). Never throws. */
    public static String record(Path journalRoot, JournalOptions options, SessionRead read) {
        try {
            AuditLogs.append(journalRoot, AuditLogs.ACCESS, options, read);
            return null;
        } catch (JournalException | IllegalArgumentException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    /** The reads of one session (null: of every session), oldest first; empty when nothing was ever read. */
    public static List<AuditLogs.Logged<SessionRead>> reads(Path journalRoot, String sessionId) {
        return AuditLogs.read(journalRoot, AuditLogs.ACCESS, EntryKind.SESSION_READ, SessionRead.class,
                r -> sessionId == null || sessionId.equals(r.sessionId()));
    }

    /** The log's own verdict, or null when nothing was ever read. */
    public static JournalVerifier.Result verify(Path journalRoot) {
        return AuditLogs.verify(journalRoot, AuditLogs.ACCESS);
    }
}
