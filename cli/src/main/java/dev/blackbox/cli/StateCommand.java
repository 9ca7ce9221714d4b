package dev.blackbox.cli;

import dev.blackbox.journal.JournalFiles;
import dev.blackbox.journal.SessionIds;
import dev.blackbox.replay.state.StateReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "state", mixinStandardHelpOptions = true,
        description = {"Show what a session's journal says.",
                "Status, duration, connection history, frames by type, malformed frames, the agent's model and tools, pending permissions, decisions and their latency, "
                + "turns, cost and tokens, and whether the hash chain is intact.",
                "Folds the journal from entry 1 (a recorder may still be appending).",
                "With --cluster, a session recorded on another host is read from the node that holds it and its hash chain",
                "recomputed here from the entries received."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown, journal intact", "1:shown, but the journal's hash chain is broken (integrity FAILED)",
                "2:bad usage: unknown session, missing journal directory, no node of the cluster holds it (--cluster)"})
final class StateCommand implements Callable<Integer> {

    @ArgGroup(multiplicity = "1")
    SessionTarget target;

    @Option(names = "--json", description = "Print the whole state as JSON (with an \"integrity\" object).")
    boolean json;

    @Mixin
    JournalOption journal;

    @Mixin
    IntegrityOptions checks;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (cluster.cluster && (target.all || !hasLocalJournal())) {
            checks.refuseRemote();
            return remote(out);
        }
        Path root = journal.existingRoot();
        List<String> ids = target.ids(root);
        if (target.all) {
            if (!json) {
                return SessionTable.print(root, ids, out, checks.options()) ? 0 : 1;
            }
            List<StateReport> reports = StateReport.of(root, ids, checks.options());
            out.println(reports.stream().map(r -> r.json().toString()).toList());
            out.flush();
            return reports.stream().allMatch(StateReport::intact) ? 0 : 1;
        }
        StateReport report = StateReport.of(root, ids.get(0), checks.options());
        return print(report, out);
    }

    private int print(StateReport report, PrintWriter out) {
        out.print(json ? report.json().toPrettyString() + System.lineSeparator() : report.text());
        out.flush();
        return report.intact() ? 0 : 1;
    }

    private boolean hasLocalJournal() {
        Path root = journal.root();
        return SessionIds.isValid(target.session) && JournalFiles.hasJournal(JournalFiles.sessionDir(root, target.session));
    }

    /** The fleet's sessions (--all), or one read from the node that holds it. */
    private int remote(PrintWriter out) {
        try (FleetReader fleet = FleetReader.join(journal.config, cluster)) {
            if (target.all) {
                return fleet.printTable(out) ? 0 : 1;
            }
            String state = fleet.sessions().stream().filter(s -> target.session.equals(s.getString("sessionId")))
                    .map(s -> s.getString("state")).findFirst().orElse("?");
            return print(fleet.report(target.session, state), out);
        }
    }
}
