package dev.blackbox.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.blackbox.replay.state.StateReport;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** One row per session (status, duration, frames, pending, decisions, cost, integrity), for `sessions` and `state --all`. */
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
        for (String id : ids) {
            StateReport report = StateReport.of(root, id); // folded one at a time: memory stays flat
            out.println(report.tableRow());
            allIntact &= report.intact();
        }
        out.flush();
        return allIntact;
    }
}
