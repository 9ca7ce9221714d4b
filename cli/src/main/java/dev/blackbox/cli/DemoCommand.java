package dev.blackbox.cli;

import dev.blackbox.recorder.journal.EntryKind;
import dev.blackbox.recorder.journal.JournalRecord;
import dev.blackbox.recorder.journal.SessionJournal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Record a short synthetic session into a temporary journal, then list and verify it.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--journal", paramLabel = "DIR", description = "Journal root to record into (default: a new temp directory).")
    Path dir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path root = dir != null ? dir : Files.createTempDirectory("blackbox-demo-");
        String session = "session_demo";
        try (SessionJournal journal = SessionJournal.open(root, session)) {
            journal.append(new JournalRecord.RecordingStarted(JournalRecord.FORMAT_VERSION, session, "demo-org",
                    "synthetic", false, "dev", "localhost", "persistent"));
            for (String frame : new String[]{
                    "{\"type\":\"system\",\"subtype\":\"init\",\"model\":\"claude-sonnet-4-5\"}",
                    "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}]}}",
                    "{\"type\":\"result\",\"subtype\":\"success\",\"total_cost_usd\":0.01}"}) {
                journal.append(EntryKind.FRAME_RECEIVED, frame.getBytes(StandardCharsets.UTF_8));
            }
            journal.append(new JournalRecord.RecordingStopped("demo finished"));
        }
        System.out.println("$ blackbox sessions --journal " + root);
        int rc = BlackboxCommand.run("sessions", "--journal", root.toString());
        System.out.println("$ blackbox verify " + session + " --journal " + root);
        rc |= BlackboxCommand.run("verify", session, "--journal", root.toString());
        return rc;
    }
}
