package dev.blackbox.cli;

import dev.blackbox.journal.JournalCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = {"List the recorded sessions with their integrity.",
                "One row per session under the journal root: status, duration, frames received, pending permission "
                        + "requests, decisions, cost and integrity (each journal is folded and verified: sealed, live, "
                        + "unsealed, torn tail or tampered).",
                "A pruned session has a row from its tombstone in the retention log: 'pruned <when> by <who>@<host>: <why>'; "
                        + "the retention log's own verdict is the last line.",
                "With --cluster: every session of the fleet, read from the node that holds it, with its host, node and "
                        + "state (recording, ended, recorded, or 'recorder lost' when its node left the cluster)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed, no journal tampered with (some may be live, unsealed or torn)",
                "1:listed, at least one journal (or the retention log) is tampered with, or its data is gone",
                "2:bad usage: missing journal directory, or no node of the cluster answers (--cluster)"})
final class SessionsCommand implements Callable<Integer> {

    @Mixin
    JournalOption journal;

    @Mixin
    JsonOutput output;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (cluster.cluster) {
            try (FleetReader fleet = FleetReader.join(journal.config, cluster)) {
                return fleet.printTable(spec.commandLine().getOut()) ? 0 : 1;
            }
        }
        Path root = journal.existingRoot();
        List<String> ids = JournalCatalog.sessionDirs(root); // a journal whose data is gone gets a row too
        PrintWriter out = spec.commandLine().getOut();
        if (output.json) {
            return SessionTable.printJson(root, ids, out) ? 0 : 1;
        }
        return SessionTable.print(root, ids, out) ? 0 : 1;
    }
}
