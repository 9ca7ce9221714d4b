package dev.blackbox.cli;

import dev.blackbox.app.Blackbox;
import dev.blackbox.app.config.BlackboxConfig;
import dev.blackbox.journal.JournalFullException;
import dev.blackbox.recorder.session.RecordingOutcome;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Set;

/**
 * What {@code record} and {@code run} share once they know their sessions: the plan completed from the
 * configuration (policy, console, metrics, notifications), started through the one assembly, the console and metrics
 * announced, the connection log for a piped stderr, and {@code --ask} at this terminal.
 */
final class RecorderLaunch {

    private RecorderLaunch() {
    }

    /** The running assembly and the connection log to stop once the recorders have said "disconnected". */
    record Launched(Blackbox blackbox, ConnectionLog connectionLog) {
    }

    /** Starts the plan with the configured policy, the console when asked, and metrics when configured. */
    static Launched start(BlackboxRuntime runtime, Blackbox.Plan sessions, boolean console, Set<String> ids) {
        BlackboxConfig cfg = runtime.config;
        Blackbox.Plan plan = sessions.withMetrics(cfg.metrics()).withNotify(cfg.notifications());
        if (cfg.permissions().policy() != null) {
            plan = plan.withPolicy(PolicyFile.load(cfg.permissions().policy()));
        }
        if (console) {
            plan = plan.withConsole(cfg.console().settings(cfg.journal()));
        }
        ConnectionLog connectionLog = ConnectionLog.startUnlessTerminal(runtime.vertx, ids, System.err);
        Blackbox blackbox;
        try {
            blackbox = Blackbox.start(runtime.vertx, plan).await();
        } catch (Exception e) { // await() rethrows the cause as is (a taken port, a locked journal, a full disk)
            throw new UsageError(e.getMessage(), journalFull(e) ? RecordingOutcome.JOURNAL_FAILURE.exitCode : 2);
        }
        MetricsOptions.announce(blackbox, System.err);
        if (blackbox.console() != null) {
            System.out.println("Open " + blackbox.console().loginUrl());
        }
        return new Launched(blackbox, connectionLog);
    }

    /** A recording refused because the journal's reserve of free space is not there: a journal failure, not bad usage. */
    private static boolean journalFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JournalFullException) {
                return true;
            }
        }
        return false;
    }

    /** What the start line says besides the sessions: the policy and the cluster, when there are. */
    static String extras(BlackboxConfig cfg) {
        return (cfg.permissions().policy() == null ? "" : ", policy " + cfg.permissions().policy())
                + (cfg.cluster().enabled() ? ", cluster '" + cfg.cluster().name() + "' on " + cfg.cluster().host() : "");
    }

    /** The approver console on this process's own bus, on a thread of its own: it reads the terminal. */
    static void askHere(BlackboxRuntime runtime) {
        ApproverConsole approver = new ApproverConsole(runtime.vertx, null, Who.name(null),
                new PrintWriter(System.out, true), System.console() != null);
        Thread thread = new Thread(() -> {
            try {
                approver.run();
            } catch (Exception e) {
                PrintStream err = System.err;
                err.println("blackbox: the approver console stopped: " + e.getMessage());
            }
        }, "blackbox-ask");
        thread.setDaemon(true);
        thread.start();
    }
}
