package dev.blackbox.cli;

import dev.blackbox.recorder.journal.JournalCatalog;
import dev.blackbox.recorder.journal.JournalFiles;
import dev.blackbox.recorder.journal.SessionIds;
import dev.blackbox.replay.state.StateReport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "state", mixinStandardHelpOptions = true,
        description = {"Show what a session's journal says: status, duration, connection history, frames by type, "
                + "malformed frames, the agent's model and tools, pending permissions, decisions and their latency, "
                + "turns, cost and tokens, and whether the hash chain is intact.",
                "Folds the journal from entry 1 (a recorder may still be appending)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown, journal intact", "1:shown, but the journal's hash chain is broken (integrity FAILED)",
                "2:bad usage: unknown session, missing journal directory"})
final class StateCommand implements Callable<Integer> {

    @ArgGroup(multiplicity = "1")
    Target target;

    static final class Target {
        @Parameters(paramLabel = "SESSION", description = "The session id.")
        String session;

        @Option(names = "--all", description = "One line per session under the journal root.")
        boolean all;
    }

    @Option(names = "--json", description = "Print the whole state as JSON (with an \"integrity\" object).")
    boolean json;

    @Mixin
    JournalOption journal;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path root = journal.existingRoot();
        PrintWriter out = spec.commandLine().getOut();
        if (target.all) {
            List<StateReport> reports = StateReport.of(root, JournalCatalog.sessionIds(root));
            if (json) {
                out.println(reports.stream().map(r -> r.json().toString()).toList());
            } else {
                out.println(StateReport.tableHeader());
                reports.forEach(r -> out.println(r.tableRow()));
            }
            out.flush();
            return reports.stream().allMatch(StateReport::intact) ? 0 : 1;
        }
        SessionIds.requireValid(target.session);
        if (!JournalFiles.hasJournal(JournalFiles.sessionDir(root, target.session))) {
            throw new UsageError("no journal for session " + target.session + " under " + root
                    + "; 'blackbox sessions' lists the recorded ones");
        }
        StateReport report = StateReport.of(root, target.session);
        out.print(json ? report.json().toPrettyString() + System.lineSeparator() : report.text());
        out.flush();
        return report.intact() ? 0 : 1;
    }
}
