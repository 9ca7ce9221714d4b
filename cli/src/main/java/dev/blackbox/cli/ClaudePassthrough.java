package dev.blackbox.cli;

import dev.blackbox.app.Blackbox;
import dev.blackbox.app.config.BlackboxConfig;
import dev.blackbox.recorder.local.ClaudeCli;
import dev.blackbox.recorder.local.LocalSessionId;
import dev.blackbox.recorder.local.PassThrough;
import dev.blackbox.recorder.local.WorkerReport;
import dev.blackbox.recorder.local.WorkerCommand;
import dev.blackbox.recorder.permissions.Policy;
import dev.blackbox.recorder.session.RecordingOutcome;
import dev.blackbox.recorder.session.SessionRecorderVerticle;
import dev.blackbox.recorder.session.SessionSettings;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code blackbox-claude ARGS} ({@code java -jar blackbox.jar claude-passthrough ARGS}): what an Agent SDK
 * application starts instead of {@code claude}. Starts the real CLI with exactly these arguments and this
 * environment, passes stdin, stdout and stderr through byte for byte while recording the session, and
 * exits with the CLI's status. Arguments are never parsed here: every one of them is the CLI's.
 *
 * <p>Configuration comes from the environment (and {@code BLACKBOX_CONFIG}): {@code BLACKBOX_JOURNAL_DIR},
 * {@code BLACKBOX_POLICY} (or {@code BLACKBOX_PERMISSIONS_POLICY}), {@code BLACKBOX_CLUSTER_ENABLED=true}
 * for approvers elsewhere; {@code BLACKBOX_PRINT_SESSION=1} prints the session id on stderr. Nothing of
 * Blackbox's own ever goes to stdout: that is the application's channel.
 */
final class ClaudePassthrough {

    static final String NAME = "claude-passthrough";
    static final int NOT_STARTED = 127;
    static final int USAGE = 2;
    static final int JOURNAL_FAILED = 6;
    private static final Duration GRACE = Duration.ofSeconds(10);

    private ClaudePassthrough() {
    }

    static int run(String[] args) {
        FileOutputStream appOut = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err); // a library's println must never reach the application's stdout
        PrintStream err = System.err;
        Map<String, String> env = System.getenv();
        String selfProperty = System.getProperty("blackbox.claude.self");
        Path cli;
        try {
            cli = ClaudeCli.resolve(null, env, selfProperty == null ? null : Path.of(selfProperty));
        } catch (ClaudeCli.NotFound e) {
            err.println("blackbox-claude: " + e.getMessage());
            return NOT_STARTED;
        }
        String sessionId = LocalSessionId.next("claude");
        try (BlackboxRuntime runtime = BlackboxRuntime.start(new ConfigOption(), flags(env))) {
            BlackboxConfig cfg = runtime.config;
            Policy policy = cfg.permissions().policy() == null ? null : PolicyFile.load(cfg.permissions().policy());
            PassThrough spec = new PassThrough(new WorkerCommand(cli, List.of(args), Path.of("").toAbsolutePath(), null), policy,
                    new FileInputStream(FileDescriptor.in), appOut, new FileOutputStream(FileDescriptor.err));
            Blackbox.Plan plan = Blackbox.Plan.record(List.of(new SessionSettings(sessionId, cfg.journal().dir(), false, null, spec)
                    .withJournalOptions(cfg.journal().options())))
                    .withPolicy(policy);
            Blackbox blackbox;
            try {
                blackbox = Blackbox.start(runtime.vertx, plan).await();
            } catch (Exception e) {
                err.println("blackbox-claude: cannot record the session: " + e.getMessage());
                return USAGE;
            }
            if ("1".equals(env.get("BLACKBOX_PRINT_SESSION"))) {
                err.println("blackbox-claude: session " + sessionId + " (journal " + cfg.journal().dir() + ")");
            }
            SessionRecorderVerticle recorder = blackbox.recorders().get(0);
            CountDownLatch stop = SignalStop.install();
            recorder.ended().onComplete(v -> stop.countDown());
            stop.await();
            if (!recorder.ended().isComplete()) { // the application ended us: end the CLI too, and record its exit
                spec.stop();
                await(recorder.ended().mapEmpty(), GRACE);
            }
            if (spec.report().startFailure() == null) {
                await(spec.drained(), GRACE);
            }
            RecordingOutcome outcome = recorder.ended().isComplete() ? recorder.ended().result() : RecordingOutcome.STOPPED;
            blackbox.stop().await();
            return status(err, outcome, spec.report());
        } catch (UsageError e) {
            err.println("blackbox-claude: " + e.getMessage());
            return USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return USAGE;
        }
    }

    /** The CLI's own status, unless Blackbox could not do its part. */
    private static int status(PrintStream err, RecordingOutcome outcome, WorkerReport report) {
        if (outcome == RecordingOutcome.JOURNAL_FAILURE) {
            err.println("blackbox-claude: the journal failed: the Claude Code CLI was stopped");
            return JOURNAL_FAILED;
        }
        if (report.startFailure() != null) {
            err.println("blackbox-claude: " + report.startFailure());
            return NOT_STARTED;
        }
        return report.exit() == null ? JOURNAL_FAILED : report.exit().status();
    }

    private static JsonObject flags(Map<String, String> env) {
        String policy = env.get("BLACKBOX_POLICY");
        return policy == null || policy.isBlank() ? new JsonObject()
                : new JsonObject().put("permissions", new JsonObject().put("policy", policy));
    }

    private static void await(Future<Void> future, Duration within) {
        CountDownLatch done = new CountDownLatch(1);
        future.onComplete(v -> done.countDown());
        try {
            done.await(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
