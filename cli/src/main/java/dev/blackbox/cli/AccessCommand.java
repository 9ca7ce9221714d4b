package dev.blackbox.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.audit.AccessLog;
import dev.blackbox.audit.AuditLogs;
import dev.blackbox.journal.JournalRecord.SessionRead;
import dev.blackbox.journal.JournalVerdicts;
import dev.blackbox.journal.JournalVerifier;
import dev.blackbox.journal.SessionIds;
import dev.blackbox.replay.transcript.Times;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "access", mixinStandardHelpOptions = true,
        description = {"Show who replayed, exported or viewed a session.",
                "One row per read, oldest first, from the access log of the journal root: when, who ($USER, or the "
                        + "console's user), the host, the command (replay, export, console), the format (or the console's "
                        + "live or replay view), the range asked for, and the host the journal was read from when another node "
                        + "holds it. The log is a hash-chained journal of its own; its verdict is the last line.",
                "A read that could not be recorded (a read-only or full disk) said so on its stderr, and is not here."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown (also when nobody read the session)", "1:shown, but the access log is tampered with",
                "2:bad usage: an invalid session id, missing journal directory"})
final class AccessCommand implements Callable<Integer> {

    static final class Target {
        @Parameters(paramLabel = "SESSION", description = "The session id (it may have been pruned since).")
        String session;

        @Option(names = "--all", description = "The reads of every session.")
        boolean all;
    }

    @ArgGroup(multiplicity = "1")
    Target target;

    @Mixin
    JsonOutput output;

    @Mixin
    JournalOption journal;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path root = journal.existingRoot();
        String session = target.all ? null : SessionIds.requireValid(target.session);
        List<AuditLogs.Logged<SessionRead>> reads = AccessLog.reads(root, session);
        JournalVerifier.Result verdict = AccessLog.verify(root);
        boolean intact = verdict == null || verdict.ok();
        PrintWriter out = spec.commandLine().getOut();
        if (output.json) {
            ArrayNode rows = JsonNodeFactory.instance.arrayNode();
            reads.forEach(r -> rows.add(json(r)));
            JsonOutput.print(out, rows);
            return intact ? 0 : 1;
        }
        if (reads.isEmpty()) {
            out.println(session == null ? "nobody read any session under " + root : "nobody read session " + session + " (access log of " + root + ")");
        } else {
            String fmt = "%-27s " + (session == null ? "%-36s " : "%s") + "%-14s %-20s %-8s %-10s %-24s %s";
            out.println(String.format(Locale.ROOT, fmt, "WHEN", session == null ? "SESSION" : "", "WHO", "HOST", "COMMAND", "FORMAT",
                    "RANGE", "READ FROM").stripTrailing());
            for (AuditLogs.Logged<SessionRead> r : reads) {
                SessionRead s = r.record();
                out.println(String.format(Locale.ROOT, fmt, Times.instant(r.tsMicros()), session == null ? s.sessionId() : "",
                        s.by(), s.host(), s.command(), s.format(), range(s), s.heldBy() == null ? "this host" : s.heldBy()).stripTrailing());
            }
        }
        if (verdict != null) {
            out.println("access log: " + JournalVerdicts.line(verdict));
        }
        out.flush();
        return intact ? 0 : 1;
    }

    private static String range(SessionRead s) {
        return s.from() == null && s.to() == null ? "all" : (s.from() == null ? "start" : s.from()) + " to "
                + (s.to() == null ? "end" : s.to());
    }

    private static ObjectNode json(AuditLogs.Logged<SessionRead> r) {
        SessionRead s = r.record();
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("time", Times.instant(r.tsMicros()));
        row.put("sessionId", s.sessionId());
        row.put("by", s.by());
        row.put("host", s.host());
        row.put("command", s.command());
        row.put("format", s.format());
        row.put("from", s.from());
        row.put("to", s.to());
        row.put("heldBy", s.heldBy());
        row.put("accessLogSeq", r.seq());
        return row;
    }
}
