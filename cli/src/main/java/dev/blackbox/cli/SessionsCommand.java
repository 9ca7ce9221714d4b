package dev.blackbox.cli;

import dev.blackbox.journal.JournalCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = {"List the recorded sessions with their integrity.",
                "One row per session under the journal root: status, duration, frames received, pending permission "
                        + "requests, decisions, cost and integrity (each journal is folded and verified).",
                "With --cluster: every session of the fleet, read from the node that holds it, with its host, node and "
                        + "state (recording, ended, recorded, or 'recorder lost' when its node left the cluster)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed, every journal intact", "1:listed, at least one journal is tampered with or its data is gone",
                "2:bad usage: missing journal directory, or no node of the cluster answers (--cluster)"})
final class SessionsCommand implements Callable<Integer> {

    @Mixin
    JournalOption journal;

    @Mixin
    JsonOutput output;

    @Mixin
    ClusterOptions cluster;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

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
        if (ids.isEmpty()) {
            out.println("no sessions under " + root);
            out.flush();
            return 0;
        }
        return SessionTable.print(root, ids, out) ? 0 : 1;
    }
}
