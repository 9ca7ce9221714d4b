package dev.blackbox.recorder.local;

import dev.blackbox.journal.EntryKind;
import dev.blackbox.journal.JournalEntry;
import dev.blackbox.journal.JournalReader;
import dev.blackbox.simulator.stdio.StdioWorker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's stdio stand-in for the worker (a JVM of its own, this test's class path), started
 * between two tees so a test sees exactly what crossed the worker's stdin and stdout.
 */
final class StandIn {

    final Path dir;
    final Path work;
    final Path stdinCopy;
    final Path stdoutCopy;

    StandIn(Path dir) throws IOException {
        this.dir = dir;
        this.work = Files.createDirectories(dir.resolve("work"));
        this.stdinCopy = dir.resolve("worker-stdin");
        this.stdoutCopy = dir.resolve("worker-stdout");
    }

    /** The stand-in itself, with the host's argv and {@code env} added to a minimal environment. */
    WorkerCommand command(Map<String, String> env) {
        List<String> args = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), StdioWorker.class.getName()));
        args.addAll(WorkerCommand.hostArgs(false, List.of()));
        return new WorkerCommand(Path.of(ProcessHandle.current().info().command().orElse("java")), args, work, env(env));
    }

    /** The stand-in between two tees (only for runs whose stdin is closed before the worker ends). */
    WorkerCommand teed() throws IOException {
        Path wrapper = dir.resolve("teed-worker");
        Files.writeString(wrapper, """
                #!/bin/bash
                tee %s | "$@" | tee %s
                exit "${PIPESTATUS[1]}"
                """.formatted(stdinCopy, stdoutCopy));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        WorkerCommand inner = command(Map.of());
        List<String> args = new ArrayList<>();
        args.add(inner.cli().toString());
        args.addAll(inner.args());
        return new WorkerCommand(wrapper, args, work, inner.env());
    }

    /** A worker that is only a shell script: {@code body} after the shebang. */
    WorkerCommand script(String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return new WorkerCommand(script, WorkerCommand.hostArgs(false, List.of()), work, env(Map.of()));
    }

    static Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>(Map.of("PATH", "/usr/bin:/bin", "HOME", System.getProperty("java.io.tmpdir")));
        env.putAll(extra);
        return env;
    }

    static List<JournalEntry> journal(Path root, String sessionId) {
        List<JournalEntry> out = new ArrayList<>();
        try (JournalReader r = JournalReader.open(root, sessionId)) {
            for (JournalEntry e; (e = r.next()) != null; ) {
                out.add(e);
            }
        }
        return out;
    }

    /** The payloads of one kind, each followed by a newline: what crossed the pipe, if the journal is right. */
    static byte[] asPipe(List<JournalEntry> entries, EntryKind kind) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entries.stream().filter(e -> e.kind() == kind).forEach(e -> {
            out.writeBytes(e.payload());
            out.write('\n');
        });
        return out.toByteArray();
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
