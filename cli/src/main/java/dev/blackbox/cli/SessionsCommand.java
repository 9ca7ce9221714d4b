package dev.blackbox.cli;

import dev.blackbox.recorder.journal.JournalCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = "List the sessions recorded under the journal root.")
final class SessionsCommand implements Callable<Integer> {

    @Mixin
    JournalOption journal;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<JournalCatalog.SessionSummary> sessions = JournalCatalog.list(journal.existingRoot());
        PrintWriter out = spec.commandLine().getOut();
        if (sessions.isEmpty()) {
            out.println("no sessions under " + journal.root());
            return 0;
        }
        out.printf("%-40s %-24s %-24s %10s%n", "SESSION", "FIRST", "LAST", "ENTRIES");
        for (JournalCatalog.SessionSummary s : sessions) {
            out.printf("%-40s %-24s %-24s %10d%n", s.sessionId(), time(s.firstTsMicros()), time(s.lastTsMicros()), s.entries());
        }
        out.flush();
        return 0;
    }

    static String time(long micros) {
        return micros == 0 ? "-" : Instant.ofEpochSecond(0, micros * 1000).toString();
    }
}
