package dev.blackbox.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.app.config.BlackboxConfig;
import dev.blackbox.audit.Age;
import dev.blackbox.audit.AuditLogs;
import dev.blackbox.audit.Pruner.Action;
import dev.blackbox.audit.Pruner.Outcome;
import dev.blackbox.audit.Pruner;
import dev.blackbox.journal.JournalRecord.SessionPruned;
import dev.blackbox.journal.JournalVerifier;
import dev.blackbox.journal.SessionIds;
import dev.blackbox.replay.transcript.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "prune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Delete old journals, leaving a tombstone for each.",
                "Deletes the journals whose last entry is older than --older-than (default: retention.olderThan of the "
                        + "config), or the sessions named with --session. Each journal is verified first. A pruned journal "
                        + "leaves a tombstone in the retention log (its time range, entry count, final hash, its verdict, "
                        + "who pruned it and why), journaled before any file is deleted; 'blackbox sessions' lists them and "
                        + "'blackbox verify --all' verifies the log.",
                "Never pruned: a live journal (a recorder is writing it), even with --force. Only with --force: an "
                        + "unsealed, torn or tampered one (each refusal says why, in one line)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done: every journal due was pruned (or would be, with --dry-run), or none was due",
                "1:some journal was kept: it is live, not sealed and intact (without --force), or its tombstone could not "
                        + "be written (then nothing of it was deleted)",
                "2:bad usage: no rule (--older-than, --session or retention.olderThan), a bad age, missing journal directory"},
        footerHeading = "%nExamples:%n",
        footer = {"  blackbox prune --older-than 30d --dry-run",
                "  blackbox prune --older-than 90d --reason 'quarterly cleanup'",
                "  blackbox prune --session session_01Ab --force --reason 'test recording'"})
final class PruneCommand implements Callable<Integer> {

    @Option(names = "--older-than", paramLabel = "AGE",
            description = "Prune journals whose last entry is older than AGE: 30d, 12h, 2w or ISO-8601 (P30D). "
                    + "Default: retention.olderThan of the config.")
    String olderThan;

    @Option(names = "--session", paramLabel = "ID",
            description = "Prune this session (repeatable); with --older-than, only if it is old enough too.")
    List<String> sessions = new ArrayList<>();

    @Option(names = "--dry-run", description = "Say what would be pruned; delete nothing, journal nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Also prune journals that are unsealed, torn or tampered (never a live one).")
    boolean force;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, as the tombstones say (default: the rule, e.g. 'older than 30d').")
    String reason;

    @Mixin
    Who who;

    @Mixin
    JsonOutput output;

    @Mixin
    JournalOption journal;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path root = journal.existingRoot();
        BlackboxConfig cfg = journal.loaded();
        Set<String> named = new LinkedHashSet<>();
        for (String id : sessions) {
            named.add(SessionIds.requireValid(id));
        }
        Duration age;
        String rule;
        if (olderThan != null) {
            age = Age.parse("--older-than", olderThan);
            rule = "older than " + Age.describe(age);
        } else if (named.isEmpty() && cfg.retention().olderThan() != null) {
            age = cfg.retention().olderThan();
            rule = "older than " + Age.describe(age) + " (retention.olderThan)";
        } else if (!named.isEmpty()) {
            age = null;
            rule = "asked for by name";
        } else {
            throw new UsageError("nothing to prune by: pass --older-than AGE or --session ID, or set retention.olderThan");
        }
        Pruner.Rule r = new Pruner.Rule(age, named, reason == null || reason.isBlank() ? rule : reason);
        Pruner.Settings settings = new Pruner.Settings(dryRun, force, who.name(), AuditLogs.hostName(),
                System.currentTimeMillis() * 1000, JournalVerifier.Options.none(), journal.writeOptions());
        List<Outcome> outcomes = Pruner.prune(root, r, settings);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json) {
            ArrayNode rows = JsonNodeFactory.instance.arrayNode();
            outcomes.forEach(o -> rows.add(json(o)));
            JsonOutput.print(out, rows);
        } else {
            print(outcomes, out);
        }
        boolean kept = outcomes.stream().anyMatch(o -> o.action() == Action.REFUSED || o.action() == Action.FAILED);
        return kept ? 1 : 0;
    }

    /** One line per journal acted on or refused, then a count; journals not old enough are only counted. */
    private void print(List<Outcome> outcomes, PrintWriter out) {
        int pruned = 0, kept = 0, refused = 0;
        for (Outcome o : outcomes) {
            switch (o.action()) {
                case PRUNED, WOULD_PRUNE -> {
                    pruned++;
                    out.println((o.action() == Action.PRUNED ? "pruned " : "would prune ") + o.sessionId() + ": " + o.why()
                            + facts(o.tombstone()));
                }
                case KEPT -> kept++;
                case REFUSED, FAILED -> {
                    refused++;
                    out.println((o.action() == Action.REFUSED ? "kept " : "failed ") + o.sessionId() + ": " + o.why());
                }
            }
        }
        out.println(String.format(Locale.ROOT, "%s %d, kept %d (not old enough), refused %d", dryRun ? "would prune" : "pruned",
                pruned, kept, refused));
        out.flush();
    }

    private static String facts(SessionPruned t) {
        if (t == null) {
            return "";
        }
        return " (" + t.entries() + " entries" + (t.firstTs() == null ? "" : ", " + Times.instant(t.firstTs()) + " to "
                + Times.instant(t.lastTs())) + ", " + t.verdict() + (t.forced() ? ", --force" : "") + ")";
    }

    private static ObjectNode json(Outcome o) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("sessionId", o.sessionId());
        row.put("action", o.action().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        row.put("why", o.why());
        SessionPruned t = o.tombstone();
        if (t != null) {
            row.put("entries", t.entries());
            if (t.firstTs() != null) {
                row.put("firstTime", Times.instant(t.firstTs()));
                row.put("lastTime", Times.instant(t.lastTs()));
            }
            row.put("head", t.head());
            row.put("verdict", t.verdict());
            row.put("forced", t.forced());
        }
        return row;
    }
}
