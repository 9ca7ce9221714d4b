package dev.blackbox.simulator.stdio;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blackbox.simulator.scenario.FrameJson;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in for the Claude Code worker over stdio, for fast tests: it takes the CLI's own argv
 * ({@code -p --verbose --output-format stream-json --input-format stream-json --permission-prompt-tool stdio}),
 * reads one JSON frame per stdin line and writes one per stdout line, the way CLI 2.1.330 does
 * against the scripted model (the same {@code [[markers]]} decide each turn). It exits when stdin
 * closes and its last turn is done: 1 if the last result was an error, else 0.
 * <pre>
 *   java -cp SIMULATOR_JAR:JACKSON_JARS dev.blackbox.simulator.stdio.StdioWorker -p --verbose \
 *        --output-format stream-json --input-format stream-json --permission-prompt-tool stdio
 * </pre>
 * Environment: {@code BLACKBOX_STANDIN_EXIT_AT_START=N} exits with N before reading anything (a CLI
 * that dies at once); {@code BLACKBOX_STANDIN_NO_INITIALIZE=1} never answers {@code initialize} (a
 * CLI that hangs); {@code CLAUDE_CODE_SDK_READS_SESSION_STATE=1} (set by the Agent SDK) adds
 * {@code system/session_state_changed} frames.
 */
public final class StdioWorker {

    private StdioWorker() {
    }

    public static void main(String[] argv) throws IOException {
        System.exit(run(List.of(argv)));
    }

    static int run(List<String> argv) throws IOException {
        String exitAtStart = System.getenv("BLACKBOX_STANDIN_EXIT_AT_START");
        if (exitAtStart != null && exitAtStart.matches("\\d{1,3}")) {
            System.err.println("stdio stand-in: exiting at start with status " + exitAtStart + ", as asked");
            return Integer.parseInt(exitAtStart);
        }
        WorkerArgs args = WorkerArgs.parse(argv);
        if (args.version()) {
            System.out.println(WorkerFrames.VERSION + " (Claude Code stdio stand-in)");
            return 0;
        }
        if (!"stream-json".equals(args.outputFormat()) || !args.printMode() && !"stream-json".equals(args.inputFormat())) {
            System.err.println("Error: the stdio stand-in speaks only --output-format stream-json, with --input-format stream-json or -p PROMPT");
            return 1;
        }
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        WorkerSession session = new WorkerSession(args, Path.of("").toAbsolutePath(),
                "1".equals(System.getenv("CLAUDE_CODE_SDK_READS_SESSION_STATE")),
                !"1".equals(System.getenv("BLACKBOX_STANDIN_NO_INITIALIZE")), frame -> write(stdout, frame));
        try {
            if (!"stream-json".equals(args.inputFormat())) {
                session.onStdinClosed(); // text input: the prompt is the whole conversation, nothing comes on stdin
                session.runPrompt(args.prompt() == null ? "" : args.prompt());
                return session.exitStatus();
            }
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = stdin.readLine()) != null) {
                session.onLine(line);
            }
            session.onStdinClosed();
            return session.exitStatus();
        } catch (WorkerSession.ExitNow exit) {
            return exit.status;
        }
    }

    private static void write(OutputStream stdout, ObjectNode frame) {
        try {
            stdout.write((FrameJson.write(frame) + "\n").getBytes(StandardCharsets.UTF_8));
            stdout.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("stdout closed", e);
        }
    }
}
