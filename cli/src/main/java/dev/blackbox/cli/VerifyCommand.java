package dev.blackbox.cli;

import dev.blackbox.journal.JournalVerifier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check the hash chain of a session's journal.",
                "Recomputes the hash chain of each journal and checks its sequence numbers."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every journal checked is intact", "1:a journal is broken (the first bad seq is named)",
                "2:bad usage: unknown session, missing journal directory"})
final class VerifyCommand implements Callable<Integer> {

    @ArgGroup(multiplicity = "1")
    SessionTarget target;

    @Mixin
    JournalOption journal;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path root = journal.existingRoot();
        List<String> ids = target.ids(root);
        PrintWriter out = spec.commandLine().getOut();
        boolean allOk = true;
        for (String id : ids) {
            JournalVerifier.Result r = JournalVerifier.verify(root, id);
            out.println(r.describe());
            allOk &= r.ok();
        }
        out.flush();
        return allOk ? 0 : 1;
    }
}
