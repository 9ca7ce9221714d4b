package dev.blackbox.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.audit.AuditLogs;
import dev.blackbox.audit.RetentionLog;
import dev.blackbox.journal.JournalException;
import dev.blackbox.journal.JournalFiles;
import dev.blackbox.journal.JournalRecord.SessionPruned;
import dev.blackbox.journal.JournalVerifier;
import dev.blackbox.replay.state.StateReport;
import dev.blackbox.replay.transcript.Times;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One row per session (status, duration, frames, pending, decisions, cost, integrity verdict), for `sessions` and
 * `state --all`. A session directory whose data is gone gets a row of its own, and the verifier's line below;
 * a pruned session (no journal any more) a row from its tombstone in the retention log, and the retention
 * log's own verdict closes the list.
 */
final class SessionTable {

    private SessionTable() {
    }

    /** Prints the same rows as a JSON array (an empty one when there are none); true when every chain is intact. */
    static boolean printJson(Path root, List<String> ids, PrintWriter out) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        boolean allIntact = true;
        for (String id : ids) {
            StateReport report = StateReport.of(root, id);
            rows.add(report.tableRowJson());
            allIntact &= report.intact();
        }
        Pruned pruned = Pruned.read(root, ids);
        pruned.tombstones.values().forEach(t -> rows.add(json(t)));
        JsonOutput.print(out, rows);
        return allIntact && pruned.intact();
    }

    /** Prints the table; returns true when every journal's hash chain (and the retention log's) is intact. */
    static boolean print(Path root, List<String> ids, PrintWriter out) {
        return print(root, ids, out, JournalVerifier.Options.none());
    }

    /** The table, each journal verified with {@code options} (a key, a witness). */
    static boolean print(Path root, List<String> ids, PrintWriter out, JournalVerifier.Options options) {
        Pruned pruned = Pruned.read(root, ids);
        if (ids.isEmpty() && pruned.tombstones.isEmpty() && pruned.log == null) {
            out.println("no sessions under " + root);
            out.flush();
            return true;
        }
        out.println(StateReport.tableHeader());
        boolean allIntact = true;
        List<String> gone = new ArrayList<>();
        for (String id : ids) {
            if (!JournalFiles.hasJournal(JournalFiles.sessionDir(root, id))) {
                JournalVerifier.Result r = JournalVerifier.verify(root, id);
                out.println(String.format(Locale.ROOT, "%-36s %-12s %10s %9s %7s %9s %11s  %s", id, "no data", "-", "-", "-", "-",
                        "-", r.ok() ? "EMPTY" : "DATA GONE"));
                gone.add(r.describe());
                allIntact &= r.ok();
                continue;
            }
            StateReport report = StateReport.of(root, id, options); // folded one at a time: memory stays flat
            out.println(report.tableRow());
            allIntact &= report.intact();
        }
        for (AuditLogs.Logged<SessionPruned> t : pruned.tombstones.values()) {
            out.println(String.format(Locale.ROOT, "%-36s %-12s %s", t.record().sessionId(), "pruned", row(t)));
        }
        for (String line : gone) {
            out.println(line);
        }
        if (pruned.log != null) {
            out.println(pruned.log);
        }
        out.flush();
        return allIntact && pruned.intact();
    }

    /** "2026-12-01T10:00:00Z by alice@box1: older than 30d (--older-than); it was sealed, 8 entries". */
    private static String row(AuditLogs.Logged<SessionPruned> t) {
        SessionPruned p = t.record();
        return Times.instant(t.tsMicros()) + " by " + p.prunedBy() + "@" + p.host() + ": " + p.reason() + "; it was "
                + p.verdict() + (p.forced() ? " (--force)" : "") + ", " + p.entries() + " entries";
    }

    private static ObjectNode json(AuditLogs.Logged<SessionPruned> t) {
        SessionPruned p = t.record();
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("sessionId", p.sessionId());
        row.put("status", "pruned");
        row.put("prunedAt", Times.instant(t.tsMicros()));
        row.put("prunedBy", p.prunedBy());
        row.put("host", p.host());
        row.put("reason", p.reason());
        row.put("entries", p.entries());
        if (p.firstTs() != null) {
            row.put("firstTime", Times.instant(p.firstTs()));
            row.put("lastTime", Times.instant(p.lastTs()));
        }
        row.put("head", p.head());
        row.put("verdictAtPrune", p.verdict());
        row.put("forced", p.forced());
        row.put("retentionLogSeq", t.seq());
        return row;
    }

    /**
     * The tombstones of sessions that have no journal now (the latest per session; a session recorded again
     * after it was pruned is listed by its journal), and the retention log's verdict line (null: never written).
     */
    private record Pruned(Map<String, AuditLogs.Logged<SessionPruned>> tombstones, String log, boolean intact) {

        static Pruned read(Path root, List<String> ids) {
            JournalVerifier.Result verdict = RetentionLog.verify(root);
            if (verdict == null) {
                return new Pruned(Map.of(), null, true);
            }
            Map<String, AuditLogs.Logged<SessionPruned>> latest = new LinkedHashMap<>();
            try {
                for (AuditLogs.Logged<SessionPruned> t : RetentionLog.tombstones(root)) {
                    if (!ids.contains(t.record().sessionId())) {
                        latest.remove(t.record().sessionId());
                        latest.put(t.record().sessionId(), t);
                    }
                }
            } catch (JournalException unreadable) {
                return new Pruned(latest, "retention log: unreadable: " + unreadable.getMessage() + " (" + verdict.describe() + ")", false);
            }
            String line = "retention log: " + dev.blackbox.journal.JournalVerdicts.line(verdict);
            return new Pruned(latest, line, verdict.ok());
        }
    }
}
