package dev.blackbox.cli;

import dev.blackbox.audit.AuditLogs;
import dev.blackbox.audit.DeletedJournals;
import dev.blackbox.journal.JournalVerifier;
import dev.blackbox.journal.JournalVerifier.Status;
import dev.blackbox.journal.SessionIds;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Audit a session's journal from its files.",
                "Reads every excerpt of every cycle file and checks the sequence, the hash chain, the seal, checkpoint "
                        + "signatures (--key) and the witness (--witness); one line per journal. A pure reader: it opens "
                        + "every file read-only and changes nothing (it works on a read-only mount). With --all the exit status is "
                        + "the worst verdict, in this order: 1, 5, 4, 6, 0.",
                "--all also verifies the journal root's audit logs, .audit/retention (the tombstones of pruned sessions) "
                        + "and .audit/access (who read which session), when they exist. With --witness, a session the witness "
                        + "holds whose journal is not under the root, and was not pruned (no tombstone after its last witnessed "
                        + "checkpoint), is tampered: its journal was deleted whole."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:sealed, intact: the journal ends with its seal and every entry checks out",
                "1:tampered at seq N: an alteration, a removal or a file that does not belong (seq and file named)",
                "2:bad usage: unknown session, missing journal directory, unreadable key or witness",
                "4:unsealed: no seal and no recorder writing it (a crash or kill -9, or cut at an entry); the last entry is named",
                "5:torn tail: the last write was interrupted (not tampering); everything before it is intact",
                "6:live: a recorder holds the journal and is writing it"},
        footerHeading = "%nExamples:%n",
        footer = {"  blackbox verify session_01Ab",
                "  blackbox verify --all --key ~/.config/blackbox/journal-signing.pub \\",
                "      --witness /srv/witness/blackbox.jsonl"})
final class VerifyCommand implements Callable<Integer> {

    @ArgGroup(multiplicity = "1")
    SessionTarget target;

    @Mixin
    IntegrityOptions integrity;

    @Mixin
    JournalOption journal;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path root = journal.existingRoot();
        JournalVerifier.Options options = integrity.options();
        Path witness = integrity.witness;
        PrintWriter out = spec.commandLine().getOut();
        if (!target.all && witness != null) {
            // a journal deleted whole leaves no directory: only the witness can say it existed
            Optional<JournalVerifier.Result> gone = DeletedJournals.check(root, witness, SessionIds.requireValid(target.session));
            if (gone.isPresent()) {
                out.println(gone.get().describe());
                out.flush();
                return gone.get().status().exitCode();
            }
        }
        List<String> ids = target.ids(root);
        List<JournalVerifier.Result> logs = target.all ? AuditLogs.verify(root, options) : List.of();
        List<JournalVerifier.Result> deleted = target.all && witness != null ? DeletedJournals.find(root, witness) : List.of();
        if (ids.isEmpty() && logs.isEmpty() && deleted.isEmpty()) {
            out.println("no sessions under " + root);
            out.flush();
            return 0;
        }
        Status worst = Status.SEALED;
        for (String id : ids) {
            JournalVerifier.Result r = JournalVerifier.verify(root, id, options);
            out.println(r.describe());
            out.flush();
            worst = worst.worst(r.status());
        }
        for (JournalVerifier.Result r : deleted) { // witnessed sessions whose journal is gone, tombstone-less
            out.println(r.describe());
            worst = worst.worst(r.status());
        }
        for (JournalVerifier.Result r : logs) { // the retention and access logs, journals like the others
            out.println(r.describe());
            worst = worst.worst(r.status());
        }
        out.flush();
        return worst.exitCode();
    }
}
