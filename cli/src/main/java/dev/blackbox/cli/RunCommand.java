package dev.blackbox.cli;

import dev.blackbox.app.Blackbox;
import dev.blackbox.app.config.BlackboxConfig;
import dev.blackbox.journal.SessionIds;
import dev.blackbox.recorder.local.ClaudeCli;
import dev.blackbox.recorder.local.LocalSessionId;
import dev.blackbox.recorder.local.LocalWorker;
import dev.blackbox.recorder.local.WorkerCommand;
import dev.blackbox.recorder.local.WorkerExit;
import dev.blackbox.recorder.local.WorkerReport;
import dev.blackbox.recorder.session.RecordingOutcome;
import dev.blackbox.recorder.session.SessionRecorderVerticle;
import dev.blackbox.recorder.session.SessionSettings;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Record a local Claude Code worker over stdio.",
                "",
                "Runs CLI -p --verbose --output-format stream-json --input-format",
                "stream-json --permission-prompt-tool stdio [--include-partial-messages]",
                "CLI_ARGS in --cwd with your environment, checks that it answers initialize,",
                "then sends each --prompt after the result of the one before and closes its",
                "stdin after the last (it then exits). Every line in and out is journaled",
                "before it is acted on; permission requests go on the event bus as remote ones",
                "do (--policy, --ask, 'blackbox permissions', the console). Each turn's final",
                "text goes to stdout; the session id and how it ended, to stderr."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the worker exited with status 0",
                "1:the worker exited with another status or was ended by a signal (for example 1: its last turn ended with an error)",
                "2:bad usage: a wrong argument, a bad policy file, the journal locked by another recorder",
                "6:a journal append failed: the worker was stopped, nothing was sent on the strength of it",
                "7:the worker could not be started: no Claude Code CLI there, or not executable",
                "8:the worker exited before it answered initialize (its last stderr lines are shown)",
                "9:the worker did not answer initialize in time, or refused it (it was stopped)"})
final class RunCommand implements Callable<Integer> {

    static final int WORKER_FAILED = 1;
    static final int JOURNAL_FAILED = 6;
    static final int NOT_STARTED = 7;
    static final int ENDED_AT_START = 8;
    static final int NOT_INITIALIZED = 9;
    private static final Duration EXIT_GRACE = Duration.ofSeconds(10);

    @Option(names = "--cli", paramLabel = "PATH", description = "The Claude Code CLI (default $BLACKBOX_CLAUDE_CLI, else claude on PATH).")
    String cli;

    @Option(names = "--cwd", paramLabel = "DIR", description = "The worker's working directory (default: this one).")
    Path cwd;

    @Option(names = "--session", paramLabel = "ID", description = "The session id to record under (default: a new one, printed).")
    String session;

    @Option(names = "--journal", paramLabel = "DIR", description = "Journal root (config journal.dir).")
    Path journal;

    @Option(names = "--policy", paramLabel = "FILE", description = "Policy rules that answer some permission requests (config permissions.policy).")
    Path policyFile;

    @Option(names = "--ask", description = "Answer permission requests here, at this terminal (as 'record --ask').")
    boolean ask;

    @Option(names = "--console", description = "Also serve the web console and print its URL.")
    boolean console;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "A user message; repeat for several, sent one after another's result.")
    List<String> prompts = new ArrayList<>();

    @Option(names = "--keep-open", description = "After the last prompt's result, keep the session open (for 'blackbox send' and the console) until SIGINT/SIGTERM.")
    boolean keepOpen;

    @Option(names = "--partial-messages", description = "Add --include-partial-messages (stream_event frames).")
    boolean partialMessages;

    @Option(names = "--init-timeout", paramLabel = "DURATION", description = "How long the worker may take to answer initialize (default PT60S, the Agent SDK's).")
    String initTimeout = "PT60S";

    @Parameters(paramLabel = "CLI_ARGS", description = "After --: more arguments for the CLI (e.g. -- --model claude-sonnet-4-5).")
    List<String> cliArgs = new ArrayList<>();

    @Mixin
    ConfigOption config;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    MetricsOptions metrics;

    @Override
    public Integer call() throws Exception {
        String sessionId = sessionId();
        Path dir = workingDirectory();
        Duration timeout = initTimeout();
        Path cliPath;
        try {
            cliPath = ClaudeCli.resolve(cli, System.getenv(), null);
        } catch (ClaudeCli.NotFound e) {
            throw new UsageError(e.getMessage(), NOT_STARTED);
        }
        String version = ClaudeCli.version(cliPath);
        ExecutorService printer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "blackbox-run-output");
            t.setDaemon(true);
            return t;
        });
        LocalWorker worker = new LocalWorker(new WorkerCommand(cliPath, WorkerCommand.hostArgs(partialMessages, cliArgs), dir, null),
                version, prompts, keepOpen || prompts.isEmpty(), timeout, text -> printer.execute(() -> System.out.println(text)));
        try (BlackboxRuntime runtime = BlackboxRuntime.serve(config, metrics.applyTo(cluster.applyTo(flags(), false)))) {
            BlackboxConfig cfg = runtime.config;
            RecorderLaunch.Launched launched = RecorderLaunch.start(runtime, Blackbox.Plan.record(List.of(
                    new SessionSettings(sessionId, cfg.journal().dir(), false, null, worker)
                            .withJournalOptions(cfg.journal().options()))), console, Set.of(sessionId));
            Blackbox blackbox = launched.blackbox();
            PrintStream err = System.err;
            err.println("blackbox: session " + sessionId + ": Claude Code " + (version == null ? "(version unknown)" : version)
                    + " (" + cliPath + ") in " + dir + ", journal " + cfg.journal().dir() + RecorderLaunch.extras(cfg)
                    + (keepOpen || prompts.isEmpty() ? "; stays open until Ctrl-C" : "; Ctrl-C stops"));
            if (ask) {
                RecorderLaunch.askHere(runtime);
            }
            SessionRecorderVerticle recorder = blackbox.recorders().get(0);
            CountDownLatch stopRequested = SignalStop.install();
            recorder.ended().onComplete(v -> stopRequested.countDown());
            stopRequested.await();
            if (!recorder.ended().isComplete()) {
                endWorker(worker, recorder);
            }
            RecordingOutcome outcome = recorder.ended().isComplete() ? recorder.ended().result() : RecordingOutcome.STOPPED;
            blackbox.stop().await();
            launched.connectionLog().stop();
            printer.shutdown();
            printer.awaitTermination(5, TimeUnit.SECONDS);
            return report(err, sessionId, outcome, recorder.endReason(), worker.report());
        }
    }

    /** On SIGINT/SIGTERM: close the worker's stdin and let it finish its turn; stop it if it takes too long. */
    private static void endWorker(LocalWorker worker, SessionRecorderVerticle recorder) {
        worker.finish();
        if (!awaitEnd(recorder, EXIT_GRACE)) {
            worker.stop();
            awaitEnd(recorder, EXIT_GRACE);
        }
    }

    private static boolean awaitEnd(SessionRecorderVerticle recorder, Duration within) {
        CountDownLatch ended = new CountDownLatch(1);
        recorder.ended().onComplete(v -> ended.countDown());
        try {
            return ended.await(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One line on how the session ended (with the worker's last stderr lines when it failed), and the exit status. */
    static int report(PrintStream err, String sessionId, RecordingOutcome outcome, String why, WorkerReport worker) {
        String prefix = "blackbox: session " + sessionId + ": ";
        int status;
        if (outcome == RecordingOutcome.JOURNAL_FAILURE) {
            err.println(prefix + "the journal failed, the worker was stopped and nothing more was sent: " + why);
            return JOURNAL_FAILED;
        }
        WorkerExit exit = worker.exit();
        if (worker.startFailure() != null) {
            err.println(prefix + worker.startFailure());
            return NOT_STARTED;
        } else if (!worker.initialized()) {
            status = worker.initFailure() != null ? NOT_INITIALIZED : ENDED_AT_START;
            err.println(prefix + (worker.initFailure() != null ? worker.initFailure()
                    : "the worker " + (exit == null ? "ended" : exit.describe()) + " before answering initialize"));
        } else if (exit == null) {
            err.println(prefix + "recording stopped; the worker did not exit in time and was stopped");
            return WORKER_FAILED;
        } else {
            status = exit.succeeded() ? 0 : WORKER_FAILED;
            err.println(prefix + "the worker " + exit.describe() + (worker.lastResultError() ? " (its last turn ended with an error)" : ""));
        }
        if (status != 0 && !worker.stderrTail().isEmpty()) {
            err.println("blackbox: the worker's last stderr lines:");
            worker.stderrTail().forEach(line -> err.println("  " + line));
        }
        return status;
    }

    private String sessionId() {
        if (session == null) {
            return LocalSessionId.next("local");
        }
        if (!SessionIds.isValid(session)) {
            throw new UsageError("invalid session id '" + session + "': use 1-128 characters from A-Z a-z 0-9 _ -");
        }
        return session;
    }

    private Path workingDirectory() {
        Path dir = (cwd == null ? Path.of("") : cwd).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new UsageError("--cwd " + cwd + " is not a directory");
        }
        return dir;
    }

    private Duration initTimeout() {
        try {
            Duration d = Duration.parse(initTimeout);
            if (d.isNegative() || d.isZero()) {
                throw new DateTimeParseException("not positive", initTimeout, 0);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new UsageError("--init-timeout '" + initTimeout + "': expected a positive ISO-8601 duration such as PT60S");
        }
    }

    private JsonObject flags() {
        JsonObject flags = new JsonObject();
        if (policyFile != null) {
            flags.put("permissions", new JsonObject().put("policy", policyFile.toString()));
        }
        if (journal != null) {
            flags.put("journal", new JsonObject().put("dir", journal.toString()));
        }
        return flags;
    }
}
