package dev.blackbox.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.blackbox.journal.JournalFiles;
import dev.blackbox.journal.JournalVerifier;
import dev.blackbox.replay.state.StateReport;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One row per session (status, duration, frames, pending, decisions, cost, integrity), for `sessions` and
 * `state --all`. A session directory whose data is gone gets a row of its own, and the verifier's line below.
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
        JsonOutput.print(out, rows);
        return allIntact;
    }

    /** Prints the table; returns true when every journal's hash chain is intact. */
    static boolean print(Path root, List<String> ids, PrintWriter out) {
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
            StateReport report = StateReport.of(root, id); // folded one at a time: memory stays flat
            out.println(report.tableRow());
            allIntact &= report.intact();
        }
        for (String line : gone) {
            out.println(line);
        }
        out.flush();
        return allIntact;
    }
}
