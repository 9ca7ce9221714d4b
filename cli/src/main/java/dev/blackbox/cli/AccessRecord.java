package dev.blackbox.cli;

import dev.blackbox.audit.AccessLog;
import dev.blackbox.audit.AuditLogs;
import dev.blackbox.journal.JournalRecord.SessionRead;

import java.nio.file.Path;

/**
 * Puts a replay or an export in the access log (README "Access log") before it reads anything: who ($USER),
 * this host, the command, format and range. A read is never held up by the log: when it cannot be written,
 * stderr says so in one line and the read goes on.
 */
final class AccessRecord {

    private AccessRecord() {
    }

    /** @param heldBy the host the journal is read from, when another node holds it; null for a local journal */
    static void record(JournalOption journal, String session, String command, String format, String from, String to, String heldBy) {
        Path root;
        String why;
        try {
            root = journal.root();
            why = AccessLog.record(root, journal.writeOptions(),
                    new SessionRead(session, Who.name(null), AuditLogs.hostName(), command, format, from, to, heldBy));
        } catch (RuntimeException e) {
            why = e.getMessage();
        }
        if (why != null) {
            System.err.println("blackbox: this " + command + " is not in the access log: " + why);
        }
    }
}
