package dev.blackbox.cli;

import dev.blackbox.app.Blackbox;
import dev.blackbox.app.config.BlackboxConfig;
import dev.blackbox.bus.Addresses;
import dev.blackbox.journal.SessionIds;
import dev.blackbox.recorder.remote.ReconnectMode;
import dev.blackbox.recorder.remote.RemoteSession;
import dev.blackbox.recorder.remote.TokenSource;
import dev.blackbox.recorder.session.RecordingOutcome;
import dev.blackbox.recorder.session.SessionRecorderVerticle;
import dev.blackbox.recorder.session.SessionSettings;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Record live remote sessions into the journal.",
                "Connects to each session's subscribe socket as Claude Code's remote client does, and journals every "
                        + "frame received and sent. Runs until every session has ended, or until SIGINT/SIGTERM.",
                "On a terminal a status line shows each session's connection; otherwise each connection change is one "
                        + "line on stderr. With --metrics it serves /metrics, /health and /readiness (see the README)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:stopped by SIGINT/SIGTERM (RECORDING_STOPPED written)",
                "2:bad usage: a wrong argument, token not readable, journal locked by another recorder",
                "4:the service refused the token (close 4003)",
                "5:the session went away (4001 after retries) or reconnecting gave up",
                "6:a journal append failed (recording stopped, nothing was sent on the strength of it), or the journal's "
                        + "reserve of free space (journal.minFreeBytes) was not there to start"})
final class RecordCommand implements Callable<Integer> {

    @Option(names = "--base-url", paramLabel = "URL", description = "Sessions service base URL (config session.baseUrl; default https://api.anthropic.com).")
    String baseUrl;

    @Option(names = "--session", paramLabel = "ID", description = "A session to record; repeat for several.")
    List<String> sessions = new ArrayList<>();

    @Option(names = "--sessions-file", paramLabel = "FILE", description = "A file with one session id per line (# comments).")
    Path sessionsFile;

    @Option(names = "--org", paramLabel = "UUID", description = "Organization UUID (config session.orgUuid).")
    String org;

    @Option(names = "--token-env", paramLabel = "VAR", description = "Environment variable holding the access token (default BLACKBOX_TOKEN).")
    String tokenEnv;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the access token.")
    Path tokenFile;

    @Option(names = "--journal", paramLabel = "DIR", description = "Journal root (config journal.dir).")
    Path journal;

    @Option(names = "--viewer-only", description = "Never send anything: no answers, interrupts or messages; no watchdog.")
    boolean viewerOnly;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "Post this first user message once connected.")
    String prompt;

    @Option(names = "--reconnect", paramLabel = "MODE", description = "upstream or persistent (config reconnect.mode; default persistent).")
    String reconnect;

    @Option(names = "--policy", paramLabel = "FILE", description = "Policy rules that answer some permission requests (config permissions.policy); see config/policy.example.json.")
    Path policyFile;

    @Option(names = "--ask", description = {"Answer permission requests here, at this terminal (keys: a allow, d deny, j/k select, q stop asking);",
            "with piped input, lines 'a REQUEST_ID' / 'd REQUEST_ID [message]'. Policies and other approvers still race it."})
    boolean ask;

    @Option(names = "--console", description = "Also serve the web console (config section 'console') and print its URL.")
    boolean console;

    @Mixin
    ConfigOption config;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    MetricsOptions metrics;

    @Override
    public Integer call() throws Exception {
        Set<String> ids = sessionIds();
        try (BlackboxRuntime runtime = BlackboxRuntime.serve(config, metrics.applyTo(cluster.applyTo(flags(), false)))) {
            BlackboxConfig cfg = runtime.config;
            RecorderLaunch.Launched launched = RecorderLaunch.start(runtime, Blackbox.Plan.record(sessions(cfg, ids)), console, ids);
            Blackbox blackbox = launched.blackbox();
            ConnectionLog connectionLog = launched.connectionLog();
            PrintStream err = System.err;
            err.println("blackbox: recording " + ids.size() + " session(s) into " + cfg.journal().dir() + RecorderLaunch.extras(cfg)
                    + "; Ctrl-C stops");
            StatusLine statusLine = ask ? StatusLine.none() : StatusLine.startIfTerminal(runtime.vertx, List.copyOf(ids));
            if (ask) {
                RecorderLaunch.askHere(runtime);
            }
            CountDownLatch stopRequested = SignalStop.install();
            blackbox.allEnded().onComplete(v -> stopRequested.countDown());
            stopRequested.await();
            statusLine.stop();
            List<JsonObject> statuses = new ArrayList<>();
            for (SessionRecorderVerticle r : blackbox.recorders()) {
                statuses.add(r.ended().isComplete() ? null
                        : runtime.vertx.eventBus().<JsonObject>request(Addresses.status(r.sessionId()), null).await().body());
            }
            // stopping writes RECORDING_STOPPED for sessions still recording (the signal case); the connection log
            // says "disconnected" for them; then how each ended, last, so the cause is the last line
            blackbox.stop().await();
            connectionLog.stop();
            int exit = 0;
            for (int i = 0; i < blackbox.recorders().size(); i++) {
                SessionRecorderVerticle r = blackbox.recorders().get(i);
                RecordingOutcome outcome = statuses.get(i) == null ? r.ended().result() : RecordingOutcome.STOPPED;
                boolean saysWhy = outcome == RecordingOutcome.JOURNAL_FAILURE || outcome == RecordingOutcome.GAVE_UP;
                err.println("blackbox: session " + r.sessionId() + ": " + outcome.description
                        + (saysWhy && r.endReason() != null ? ": " + r.endReason() : "")
                        + (statuses.get(i) == null ? "" : " (" + statuses.get(i).getLong("framesReceived") + " frames received)"));
                exit = Math.max(exit, outcome.exitCode);
            }
            return exit;
        }
    }

    /** One recorder per session id, all reaching the same service; every bad value is one line, before any journal exists. */
    private List<SessionSettings> sessions(BlackboxConfig cfg, Set<String> ids) {
        if (cfg.session().orgUuid().isBlank()) {
            throw new UsageError("no organization uuid: pass --org UUID (or set session.orgUuid in the config)");
        }
        TokenSource token = cfg.session().tokenFile() != null
                ? TokenSource.fromFile(cfg.session().tokenFile())
                : TokenSource.fromEnv(cfg.session().tokenEnv());
        try {
            token.get(); // fail now with one line, not at the first connect
        } catch (IllegalStateException e) {
            throw new UsageError("cannot read the access token: " + e.getMessage());
        }
        RemoteSession remote;
        try {
            remote = new RemoteSession(cfg.session().baseUrl(), cfg.session().orgUuid(), token, cfg.reconnect().mode(),
                    cfg.reconnect().timings());
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        return ids.stream().map(id -> new SessionSettings(id, cfg.journal().dir(), cfg.session().viewerOnly(),
                prompt, remote).withJournalOptions(cfg.journal().options())).toList();
    }

    private Set<String> sessionIds() throws IOException {
        Set<String> ids = new LinkedHashSet<>(sessions);
        if (sessionsFile != null) {
            if (!Files.isRegularFile(sessionsFile)) {
                throw new UsageError("sessions file " + sessionsFile + " does not exist");
            }
            for (String line : Files.readAllLines(sessionsFile, StandardCharsets.UTF_8)) {
                String id = line.replaceFirst("#.*", "").trim();
                if (!id.isEmpty()) {
                    ids.add(id);
                }
            }
        }
        if (ids.isEmpty()) {
            throw new UsageError("no session to record: pass --session ID (repeatable) or --sessions-file FILE");
        }
        for (String id : ids) {
            if (!SessionIds.isValid(id)) {
                throw new UsageError("invalid session id '" + id + "': use 1-128 characters from A-Z a-z 0-9 _ -");
            }
        }
        return ids;
    }

    private JsonObject flags() {
        JsonObject session = new JsonObject();
        if (baseUrl != null) {
            session.put("baseUrl", baseUrl);
        }
        if (org != null) {
            session.put("orgUuid", org);
        }
        if (tokenEnv != null) {
            session.put("tokenEnv", tokenEnv).put("tokenFile", "");
        }
        if (tokenFile != null) {
            session.put("tokenFile", tokenFile.toString());
        }
        if (viewerOnly) {
            session.put("viewerOnly", true);
        }
        JsonObject flags = new JsonObject().put("session", session);
        if (policyFile != null) {
            flags.put("permissions", new JsonObject().put("policy", policyFile.toString()));
        }
        if (journal != null) {
            flags.put("journal", new JsonObject().put("dir", journal.toString()));
        }
        if (reconnect != null) {
            ReconnectMode.parse(reconnect); // one-line error for a wrong mode
            flags.put("reconnect", new JsonObject().put("mode", reconnect));
        }
        return flags;
    }
}
